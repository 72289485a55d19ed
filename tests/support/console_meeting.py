"""The bundled plan (exercises/amk-netvaerksmoede.toml, what `make run`
opens) in the middle of a meeting, for the console's pictures at small
terminal sizes: five groups of four, notes on every point of the star, notes
on the six long-titled modules, a participant's proposal, a merge, a hidden
and a highlighted note, a summary line, a follow-up and a running countdown.
Fixed code, join URL, clock and connected phones, so a picture only changes
when the console does.

A plain module (not a conftest.py): see tests/support/console_phones.py.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.config.loader import load_plan
from facilitator.console import ConsoleApp
from facilitator.console import app as console_app
from facilitator.core import commands as cmd
from facilitator.resources import sample_plan
from facilitator.runtime import LiveSession

NOW = 1738670000.0  # 4 February 2025, 12:53:20 UTC
CODE = "K7M2QX9D"
JOIN_URL = "http://192.168.1.20:8765/j/K7M2QX9D"
EXPORT_DIR = Path("/home/facilitator/Referater")  # shown on the export screen: not the machine's own folder
STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"
NAMES = [
    "Mette Kjær", "Lars Holm", "Anne Bech", "Jonas Friis", "Sofie Lund", "Peter Dahl", "Ida Krogh",
    "Henrik Berg", "Camilla Juul", "Søren Vang", "Louise Møller", "Rasmus Skov", "Maria Hviid",
    "Thomas Ravn", "Julie Bundgaard", "Mikkel Lauridsen", "Katrine Østergaard", "Niels Thorsen",
    "Hanne Kofoed", "Bo Winther",
]
UNITS = ["AKM", "AIT", "Aqua", "Compute", "Energi", "Wind", "Kemi", "Food", "Nanolab", "Koncern HR"]
STAR_NOTES = [
    ("g1", "behov", "Sparring med de andre koordinatorer om svære sager"),
    ("g1", "bidrag", "Erfaringer fra APV-arbejdet på institutterne"),
    ("g1", "form", "Walk and talk"),
    ("g2", "behov", "Sparing med de andre koordinatorer"),
    ("g2", "rammer", "Faste møder fire gange om året, gerne på skift mellem campusser"),
    ("g2", "indhold", "Ergonomi ved skærmarbejde"),
    ("g3", "form", "Korte oplæg og tid til snak"),
    ("g3", "behov", "Et fælles sted at dele skabeloner og tjeklister"),
    ("g3", "bidrag", "Vi kan vise vores beredskabsplan"),
    ("g4", "indhold", "Psykisk arbejdsmiljø i praksis"),
    ("g4", "rammer", "Mødelokale med plads til gruppearbejde"),
    ("g4", "behov", "Hjælp til at prioritere når der er mange sager"),
    ("g5", "behov", "Et sted at dele skabeloner"),
    ("g5", "indhold", "Ergonomi ved skærmarbejde"),
    ("g5", "form", "Besøg hos hinanden på arbejdspladserne"),
    ("g5", "bidrag", "asdf test"),
]
MODULE_NOTES = [
    ("g1", "amo-i-forandring", "Hvem gør hvad når HSU og KAMU er uenige"),
    ("g2", "dialog-og-konflikter", "Øvelser i den svære samtale"),
    ("g3", "neurodiversitet", "Konkrete værktøjer til tilrettelæggelse af arbejdet"),
    ("g4", "sexisme", "Hvordan man tager imod en henvendelse"),
    ("g5", "balance", "Tidlige tegn på stress hos kolleger"),
    ("g1", "inkluderende-kultur", "Psykologisk tryghed på tværs af faggrupper"),
    ("g2", "balance", "Grænser for mails efter arbejdstid"),
]
PROPOSAL = ("forslag-ergonomi", "Ergonomi ved skærmarbejde og hjemmearbejdspladser")


WALL_URL = "http://192.168.1.20:8765/w/Q2hlY2tfdGhlX3dhbGw"


class MeetingConsole(ConsoleApp):
    """The console without a server, for pictures: the wall's URL is the one
    a server would give (it has a random secret and port otherwise)."""

    CSS_PATH = Path(console_app.__file__).with_name("console.tcss")  # Textual reads it beside the subclass's module

    @property
    def wall_url(self) -> str:
        return WALL_URL


def author(group: str) -> str:
    """The first participant of `group` (participant i is in group i % 5 + 1)."""
    return f"p{int(group[1:]) - 1}"


def bundled_meeting(tmp_path: Path, *, exercise: str = STAR, language: str = "da", projector_safe: bool = False) -> ConsoleApp:
    """The bundled plan's meeting, with the room on `exercise` (writing, a
    countdown at 7:45) and the other exercise's notes there too. Projector-safe
    mode is off (the layout tests read names and notes); the program starts
    with it on, which tests/console/test_console_snapshots.py pictures."""
    session = LiveSession.open(tmp_path / "session.sqlite3", load_plan(sample_plan()), code=CODE)
    for i, name in enumerate(NAMES):
        unit = UNITS[i % len(UNITS)]
        session.execute(cmd.Join(f"p{i}", "hash", name=name, unit=unit, group_id=f"g{i % 5 + 1}"), now=NOW)
    session.execute(cmd.StartExercise(STAR), now=NOW)
    for i, (group, lane, text) in enumerate(STAR_NOTES):
        session.execute(cmd.AddNote(author(group), f"s{i}", STAR, lane, text), now=NOW + i)
    session.execute(cmd.MergeNotes("s0", ("s3",)), now=NOW)
    session.execute(cmd.HideNote("s15"), now=NOW)
    session.execute(cmd.HighlightNote("s4"), now=NOW)
    session.execute(cmd.HighlightNote("s7"), now=NOW)
    session.execute(cmd.SetPlenumLine(STAR, "l1", "Det er vigtigt: at vi mødes fast og deler skabeloner"), now=NOW)
    session.execute(cmd.SetFollowUp(STAR, "f1", "Fælles mappe til skabeloner", "Mette", "1. marts", "behov"), now=NOW)
    session.execute(cmd.StartExercise(MODULES), now=NOW + 60)
    session.execute(cmd.ProposeLane("p3", PROPOSAL[0], MODULES, PROPOSAL[1]), now=NOW + 61)
    for i, (group, lane, text) in enumerate(MODULE_NOTES):
        session.execute(cmd.AddNote(author(group), f"m{i}", MODULES, lane, text), now=NOW + 62 + i)
    session.execute(cmd.AddNote("p3", "m-proposal", MODULES, PROPOSAL[0], "Briller og skærme til hjemmearbejde"), now=NOW + 70)
    if exercise == STAR:
        session.execute(cmd.StartExercise(STAR), now=NOW + 100)
    session.execute(cmd.SetTimer(exercise, 600), now=NOW + 100)
    connected = frozenset(f"p{i}" for i in range(len(NAMES)) if i % 4 != 3)
    return MeetingConsole(
        session, join_url=JOIN_URL, presence=lambda: connected, clock=lambda: NOW + 235, language=language, export_dir=EXPORT_DIR,
        projector_safe=projector_safe,
    )
