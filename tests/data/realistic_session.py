"""A realistic meeting, replayed through the real core into a real journal:
the AMK network meeting of 4 February 2025 (see the minutes in
../shared/seeds/), with five groups, the network star and the input to the
six course modules, written from what the minutes say was discussed.

Used by the export tests and by docs/examples/make_examples.py, which makes
the sample appendix from it. Every command goes through
`LiveSession.execute`, the one write path, so the journal is exactly what a
real meeting would leave.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator.config.models import (
    Exercise,
    ExerciseKind,
    ExerciseOptions,
    Lane,
    LocalText,
    ResolvedPlan,
)
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"
PROPOSED_LANE = "modul-7"
START = dt.datetime(2025, 2, 4, 13, 40, tzinfo=dt.UTC).timestamp()

UNITS = [
    "AKM", "AHR", "AIT", "AUS", "Aqua", "Bioengineering", "Biosustain", "CAS", "Compute", "Construct",
    "Engineering Technology", "Energi", "Entrepreneurship", "Food", "Kemi", "Learn for Life", "Nanolab",
    "Offshore", "Sundhedsteknologi", "Wind",
]
# The units that sent regrets (Afbud) on 4 February; in the plan as_minutes.
REGRETS = ["Adgangskursus", "AFRI", "AØR", "APR", "Electro", "Fysik", "Kemiteknik", "Management", "Skylab", "Space", "Sustain"]
# Made-up people, one per unit present at the meeting, two from Kemi and Energi.
PARTICIPANTS = [
    ("Mette Holm", "AKM"), ("Jens Kragh", "AHR"), ("Sofie Lund", "AIT"), ("Peter Dam", "AUS"),
    ("Hanne Bech", "Aqua"), ("Rasmus Friis", "Bioengineering"), ("Camilla Skov", "Biosustain"),
    ("Henrik Juhl", "CAS"), ("Louise Krog", "Compute"), ("Thomas Brink", "Construct"),
    ("Birgitte Vad", "Engineering Technology"), ("Morten Lyng", "Energi"), ("Pia Eskildsen", "Entrepreneurship"),
    ("Kasper Ravn", "Food"), ("Ida Winther", "Kemi"), ("Niels Bonde", "Learn for Life"), ("Karen Sand", "Nanolab"),
    ("Jonas Kjær", "Offshore"), ("Lone Hvid", "Sundhedsteknologi"), ("Mikkel Storm", "Wind"),
    ("Ulla Bang", "Kemi"), ("Asger Toft", "Energi"),
]

STAR_POINTS = [
    ("behov", "Behov", "Needs", "Hvad har du brug for fra netværket?", "What do you need from the network?"),
    ("bidrag", "Bidrag", "Contributions", "Hvad kan du bidrage med?", "What can you contribute?"),
    ("rammer", "Rammer", "Framework", "Hvor ofte, hvor længe og hvor?", "How often, how long and where?"),
    ("form", "Form", "Format", "Hvordan skal møderne foregå?", "How should the meetings work?"),
    ("indhold", "Indhold", "Content", "Hvilke emner skal vi tage op?", "Which topics should we take up?"),
]
COURSE_MODULES = [
    ("amo-i-forandring", "1. AMO i forandring: Roller og ansvar (HSU, KAMU, psykisk APV, TR)", "Anders Jacobsen, Koncern HR"),
    ("dialog-og-konflikter", "2. Dialog, samarbejde og håndtering af konflikter", "Michel Onnik Berg Doukmadjian, Koncern HR"),
    ("neurodiversitet", "3. Neurodiversitet (viden og værktøjer)", "Tina Messerschmidt Nielsen, Koncern HR"),
    ("sexisme", "4. Sexisme (inkl. fokus på hvordan DTU håndterer krænkende adfærd)", "Anne Schroll Marquard, Koncern HR"),
    ("balance", "5. Balance i arbejdslivet (inkl. proaktive indsatser til stressreduktion)", "Line Stavnsbo, Koncern HR"),
    ("inkluderende-kultur", "6. Inkluderende kultur (psykologisk tryghed og hvad når det ikke er der)", "Anne Marie Rosenlund Kjældgaard"),
]

# (note id, group number, lane, text)
STAR_NOTES = [
    ("s-tryghed-1", 1, "behov", "Psykologisk tryghed i netværket, så vi også kan drøfte svære emner"),
    ("s-sparring-2", 2, "behov", "Sparring med andre AMK'ere"),
    ("s-roller-2", 2, "behov", "Klarhed over roller, ansvar og opgaver mellem AMO og LSU"),
    ("s-oplader-3", 3, "behov", "Hvem har lånt min oplader? Den lå ved vinduet"),
    ("s-tryghed-3", 3, "behov", "Psykologisk tryghed i netværket – så vi også kan drøfte svære emner!"),
    ("s-sparring-4", 4, "behov", "sparring med andre AMK'er"),
    ("s-nye-4", 4, "behov", "Introduktion for nye AMK'ere til netværket"),
    ("s-sparring-5", 5, "behov", "Sparing med andre AMKere"),
    ("s-roller-5", 5, "behov", "Vide hvem der har ansvaret for det psykiske arbejdsmiljø – AMO eller LSU?"),
    ("s-relationer-1", 1, "behov", "Relationer til de andre AMK'ere på tværs af enhederne"),
    ("b-trivsel-1", 1, "bidrag", "Erfaringer fra egen enhed med trivselsdialogerne"),
    ("b-ulykker-2", 2, "bidrag", "Gode eksempler på forebyggelse af faldulykker"),
    ("b-skabelon-3", 3, "bidrag", "Dele skabeloner og tjeklister til APV"),
    ("b-trivsel-4", 4, "bidrag", "Erfaringsudveksling om trivselsdialoger (psykisk APV)"),
    ("b-skabelon-5", 5, "bidrag", "Dele skabeloner og tjeklister til APV'en."),
    ("b-lab-5", 5, "bidrag", "Viden om laboratoriesikkerhed og kemikalier"),
    ("b-lokale-2", 2, "bidrag", "Fortælle om vores lokale netværksgruppe"),
    ("r-fire-2", 2, "rammer", "Fortsæt med 4 møder om året"),
    ("r-fire-1", 1, "rammer", "4 møder årligt som nu"),
    ("r-skiftevis-3", 3, "rammer", "Hvert andet møde om fysisk og hvert andet om psykisk arbejdsmiljø"),
    ("r-fire-4", 4, "rammer", "Fortsæt med fire møder om året."),
    ("r-halvaar-5", 5, "rammer", "Møder hvert halve år om fysisk arbejdsmiljø er ikke nok"),
    ("r-ekstra-3", 3, "rammer", "Ekstra møder (fx 2 om året) om arbejdsmiljøfaglige temaer"),
    ("r-tid-2", 2, "rammer", "Mere tid til netværket – gerne en hel eftermiddag"),
    ("f-grupper-1", 1, "form", "Drøftelser i mindre grupper"),
    ("f-grupper-2", 2, "form", "Mere tid til drøftelse i små grupper"),
    ("f-fysisk-3", 3, "form", "Fysisk fremmøde frem for online"),
    ("f-fysisk-4", 4, "form", "Fysisk fremmøde fremfor online."),
    ("f-fast-5", 5, "form", "Et fast punkt med erfaringsudveksling på hvert møde"),
    ("f-oplaeg-2", 2, "form", "Korte oplæg og mere dialog"),
    ("f-ven-4", 4, "form", "Mulighed for at tage en kollega med (AMR eller leder)"),
    ("i-alene-1", 1, "indhold", "Alene-arbejde som punkt på næste møde"),
    ("i-fysisk-2", 2, "indhold", "Mere fokus på fysisk arbejdsmiljø"),
    ("i-alene-3", 3, "indhold", "Alene arbejde som punkt på næste møde"),
    ("i-psykisk-4", 4, "indhold", "Mere fokus på psykisk arbejdsmiljø"),
    ("i-kraenk-3", 3, "indhold", "Den nye AT-vejledning om krænkende handlinger"),
    ("i-studie-5", 5, "indhold", "Sammenhæng mellem arbejdsmiljø og studiemiljø for de studerende"),
    ("i-stress-1", 1, "indhold", "Forebyggelse af stress"),
    ("i-naerhed-2", 2, "indhold", "Nærhedsprincippet ved organisatoriske ændringer"),
]
# typed in by the facilitator from group 5's paper sheet
STAR_PAPER_NOTE = ("r-papir-5", 5, "rammer", "Flere ressourcer til arbejdsmiljøarbejdet, så det psykiske ikke tager tid fra det fysiske")
STAR_MERGES = [("s-roller-2", ("s-roller-5",)), ("b-trivsel-1", ("b-trivsel-4",)), ("r-fire-2", ("r-fire-1",)), ("f-grupper-1", ("f-grupper-2",))]
STAR_HIDDEN = "s-oplader-3"
STAR_HIGHLIGHT = "s-tryghed-1"
STAR_PLENUM = [
    "at der er psykologisk tryghed i netværket, så AMK'erne også kan drøfte svære emner",
    "at der er klarhed over roller, ansvar og opgaver mellem AMO og LSU i det psykiske arbejdsmiljø",
    "at der fortsat er plads til det fysiske arbejdsmiljø på netværksmøderne",
]

MODULE_NOTES = [
    ("m-roller-1", 1, "amo-i-forandring", "Klare roller mellem AMO, LSU og HSU i det psykiske arbejdsmiljø"),
    ("m-hrpartner-2", 2, "amo-i-forandring", "Hvordan samarbejder AMK med HR-partneren?"),
    ("m-naerhed-3", 3, "amo-i-forandring", "Dokumentation af nærhedsprincippet – hvad kræver AT?"),
    ("m-ledelse-4", 4, "amo-i-forandring", "Inddrage og uddanne ledelsen – ikke kun AMK og AMR"),
    ("m-ledelse-5", 5, "amo-i-forandring", "Ledelsen skal også klædes på til det psykiske arbejdsmiljø"),
    ("m-spoerge-1", 1, "dialog-og-konflikter", "Spørgeredskaber og metoder til aktiv lytning"),
    ("m-konflikt-2", 2, "dialog-og-konflikter", "Værktøjer til at håndtere konflikter i teamet"),
    ("m-spoerge-3", 3, "dialog-og-konflikter", "Spørgeredskaber og metoder til aktiv lytning."),
    ("m-kommunikation-4", 4, "dialog-og-konflikter", "Gode og effektive værktøjer til kommunikation"),
    ("m-spoerge-5", 5, "dialog-og-konflikter", "Spørgeredskaber og metoder til aktivlytning"),
    ("m-tilrettelaeg-1", 1, "neurodiversitet", "Konkrete værktøjer til tilrettelæggelse af arbejdet"),
    ("m-diversitet-2", 2, "neurodiversitet", "Husk at diversitet også rummer mange andre emner"),
    ("m-hensyn-3", 3, "neurodiversitet", "Hensynet skal gå begge veje – også medarbejderen med særlige behov skal vise hensyn"),
    ("m-lytte-5", 5, "neurodiversitet", "At lytte til folks behov og udvise hensyn"),
    ("m-adfaerd-1", 1, "sexisme", "Hvordan håndterer DTU krænkende adfærd i praksis?"),
    ("m-vejledning-3", 3, "sexisme", "Den nye AT-vejledning om krænkende handlinger, herunder mobning og seksuel chikane"),
    ("m-adfaerd-4", 4, "sexisme", "Hvordan håndterer DTU krænkende adfærd i praksis"),
    ("m-proaktiv-1", 1, "balance", "Proaktive indsatser til stressreduktion i travle perioder"),
    ("m-stress-2", 2, "balance", "Forebyggelse af stress – ikke kun håndtering"),
    ("m-stress-3", 3, "balance", "Forebyggelse af stress, ikke kun håndtering"),
    ("m-tidligt-5", 5, "balance", "Italesætte stress tidligt"),
    ("m-tryghed-1", 1, "inkluderende-kultur", "Psykologisk tryghed – og hvad gør vi, når den ikke er der?"),
    ("m-international-2", 2, "inkluderende-kultur", "Hvordan inkluderer vi internationale medarbejdere?"),
    ("m-tryghed-4", 4, "inkluderende-kultur", "Hvad gør man, når der ikke er psykologisk tryghed?"),
]
PROPOSAL = (3, "Fra viden til praksis", "Opsamling og erfaringer med at omsætte viden og læring til praksis i dagligdagen")
PROPOSED_NOTES = [
    ("m7-netvaerk-3", 3, PROPOSED_LANE, "Netværksgrupper, der følger op efter modulerne"),
    ("m7-erfaring-5", 5, PROPOSED_LANE, "Erfaringsudveksling om, hvad der virkede i praksis"),
]
MODULE_MERGES_BEFORE_VOTES: list[tuple[str, tuple[str, ...]]] = []
MODULE_MERGES_AFTER_VOTES = [("m-ledelse-4", ("m-ledelse-5",))]
# note id -> how many participants put a dot on it (taken in turn from the list)
MODULE_VOTES = {
    "m-ledelse-4": 6, "m-ledelse-5": 2, "m-spoerge-1": 4, "m-spoerge-3": 2, "m-stress-2": 4, "m-stress-3": 1,
    "m-tryghed-1": 4, "m7-erfaring-5": 3, "m-hensyn-3": 2, "m-adfaerd-1": 1,
}
MODULE_HIGHLIGHT = "m-ledelse-4"
MODULE_PLENUM = [
    "at huske at diversitet også rummer mange andre emner",
    "at lytte til folks behov og udvise hensyn",
    "at hensynet skal gå begge veje – der udvises hensyn til en medarbejder med særlige behov, "
    "men samme medarbejder skal også udvise hensyn til andre",
    "at inddrage og uddanne ledelsen til at varetage det psykiske arbejdsmiljø – ikke kun AMK og AMR",
    "at modulerne indeholder gode og effektive værktøjer til kommunikation, fx spørgeredskaber og metoder til aktiv lytning",
    "at italesætte og arbejde med forebyggelse, fx af stress",
]


# What the facilitator recorded in the plenary (as_minutes): the follow-ups
# the minutes name, and the proposed module given to an owner.
FOLLOW_UPS = [
    (STAR, "f1", "Emnet om fysisk arbejdsmiljø på møderne tages op på næste AMK-netværksmøde", "Arbejdsmiljøsekretariatet", "næste møde", None),
    (STAR, "f2", "Bringe ønsket om flere ressourcer videre til KAMU", "Majken Becker, DTU Nanolab", "3. marts 2025", None),
    (MODULES, "f3", "Indarbejde input fra grupperne i modulerne", "Tovholderne", "september 2025", None),
    (MODULES, "f4", "Afklare om modul 7 kan komme med i forløbet", "Anders Jacobsen", "næste møde", "modul-7"),
]
PROPOSAL_OWNER = "Anders Jacobsen, Koncern HR"
PLENUM_PREFIX = "Det er vigtigt: at "  # what the console pre-fills in each line


def make_plan(*, names_in_appendix: bool = False, as_minutes: bool = False) -> ResolvedPlan:
    star = Exercise(
        id=STAR,
        kind=ExerciseKind.STAR,
        title=LocalText(da="Netværksstjernen", en="The network star"),
        instructions=LocalText(
            da="Drøft jeres behov og bidrag til netværket, og fremtidige rammer, form og indhold.",
            en="Discuss your needs and contributions to the network, and its future framework, format and content.",
        ),
        options=ExerciseOptions(writing_minutes=20),
        lanes=[
            Lane(id=i, title=LocalText(da=da, en=en), prompt=LocalText(da=pda, en=pen))
            for i, da, en, pda, pen in STAR_POINTS
        ],
    )
    modules = Exercise(
        id=MODULES,
        kind=ExerciseKind.BRAINSTORM,
        title=LocalText(da="Kompetenceudviklingsforløbet", en="The competence development programme"),
        instructions=LocalText(da="Giv input til de seks moduler.", en="Give input on the six modules."),
        options=ExerciseOptions(writing_minutes=20, dots_per_participant=3, allow_proposals=True),
        lanes=[Lane(id=i, title=LocalText(da=title), owner=owner) for i, title, owner in COURSE_MODULES],
    )
    return ResolvedPlan(
        title="AMK-netværksmøde",
        date=dt.date(2025, 2, 4),
        network="Arbejdsmiljøkoordinatornetværket",
        language="da",
        group_count=5,
        units=UNITS + REGRETS if as_minutes else UNITS,
        ask_names=True,
        names_in_appendix=names_in_appendix,
        exercises=[star, modules],
        **(
            {"appendix": "Bilag 3", "agenda_item": "Punkt 3 og 4", "time": "Kl. 12.00 – 15.30", "place": "LY101 - møderum S04"}
            if as_minutes
            else {}
        ),
    )


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def tick(self) -> float:
        self.now += 7.0
        return self.now


def build_session(journal_path: str | Path, *, names_in_appendix: bool = False, as_minutes: bool = False) -> LiveSession:
    """Run the whole meeting into `journal_path`; the open session (close it when done).

    `as_minutes`: as the minutes of 4 February tell it, with what the console
    adds: the plan names the appendix (Bilag 3, Punkt 3 og 4, time, place),
    the module plenary lines keep the console's "Det er vigtigt: at" prefix,
    a second phone of group 3 proposes the same module again, the proposal
    gets an owner, and the follow-ups of the plenary are recorded."""
    plan = make_plan(names_in_appendix=names_in_appendix, as_minutes=as_minutes)
    session = LiveSession.open(journal_path, plan, code="K7M2Q9XP")
    clock = _Clock()

    def run(command: cmd.Command) -> None:
        session.execute(command, now=clock.tick())

    for i, (name, unit) in enumerate(PARTICIPANTS, 1):
        run(cmd.Join(participant_id=f"p{i:02d}", secret_hash=f"hash-{i:02d}", name=name, unit=unit))
    members: dict[int, list[str]] = {}
    for participant in session.state.participants.values():
        group = session.state.group(participant.group_id)
        assert group is not None
        members.setdefault(group.index + 1, []).append(participant.id)
    turn: dict[int, int] = {}

    def writer(group: int) -> str:
        turn[group] = turn.get(group, -1) + 1
        people = members[group]
        return people[turn[group] % len(people)]

    def write(notes: list[tuple[str, int, str, str]], exercise_id: str) -> None:
        for note_id, group, lane_id, text in notes:
            run(cmd.AddNote(participant_id=writer(group), note_id=note_id, exercise_id=exercise_id, lane_id=lane_id, text=text))

    # -- the network star --
    run(cmd.StartExercise(STAR))
    run(cmd.SetTimer(STAR, 20 * 60))
    write(STAR_NOTES, STAR)
    note_id, group, lane_id, text = STAR_PAPER_NOTE
    run(cmd.AddNoteForGroup(note_id=note_id, exercise_id=STAR, lane_id=lane_id, group_id=f"g{group}", text=text))
    run(cmd.SetPhase(STAR, "closed"))
    run(cmd.Reveal(STAR))
    run(cmd.HideNote(STAR_HIDDEN))
    for keep, merged in STAR_MERGES:
        run(cmd.MergeNotes(note_id=keep, merged_ids=merged))
    run(cmd.HighlightNote(STAR_HIGHLIGHT))
    for i, line in enumerate(STAR_PLENUM, 1):
        run(cmd.SetPlenumLine(STAR, f"l{i}", line))

    # -- the course modules --
    run(cmd.StartExercise(MODULES))
    write(MODULE_NOTES, MODULES)
    group, title, prompt = PROPOSAL
    run(cmd.ProposeLane(participant_id=writer(group), lane_id=PROPOSED_LANE, exercise_id=MODULES, title=title, prompt=prompt))
    if as_minutes:  # another phone at the same table proposes it too
        run(cmd.ProposeLane(participant_id=writer(group), lane_id=f"{PROPOSED_LANE}-b", exercise_id=MODULES, title=title.lower()))
    # the reveal shows group 3's proposal to every group, so group 5 can add to it
    run(cmd.Reveal(MODULES))
    write(PROPOSED_NOTES, MODULES)
    for keep, merged in MODULE_MERGES_BEFORE_VOTES:
        run(cmd.MergeNotes(note_id=keep, merged_ids=merged))
    run(cmd.SetPhase(MODULES, "voting"))
    voters = sorted(session.state.participants)
    dots: dict[str, int] = {pid: 0 for pid in voters}
    # one participant puts a dot on both notes about the management, so the
    # merge below must count them once
    run(cmd.CastVote(participant_id=voters[0], note_id="m-ledelse-5"))
    dots[voters[0]] += 1
    given = {"m-ledelse-5": 1}
    cursor = 0
    for note_id, count in MODULE_VOTES.items():
        while given.get(note_id, 0) < count:
            pid = voters[cursor % len(voters)]
            cursor += 1
            if dots[pid] >= 3 or note_id in session.state.votes.get(pid, set()):
                continue
            run(cmd.CastVote(participant_id=pid, note_id=note_id))
            dots[pid] += 1
            given[note_id] = given.get(note_id, 0) + 1
    run(cmd.SetPhase(MODULES, "closed"))
    for keep, merged in MODULE_MERGES_AFTER_VOTES:
        run(cmd.MergeNotes(note_id=keep, merged_ids=merged))
    run(cmd.HighlightNote(MODULE_HIGHLIGHT))
    for i, line in enumerate(MODULE_PLENUM, 1):
        typed = PLENUM_PREFIX + line.removeprefix("at ") if as_minutes else line
        run(cmd.SetPlenumLine(MODULES, f"l{i}", typed))
    if as_minutes:
        run(cmd.AssignLaneOwner(MODULES, PROPOSED_LANE, PROPOSAL_OWNER))
        for exercise_id, follow_up_id, what, who, due, lane_id in FOLLOW_UPS:
            run(cmd.SetFollowUp(exercise_id, follow_up_id, what, who, due, lane_id))
    return session
