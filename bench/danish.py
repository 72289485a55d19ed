"""Notes as participants write them: 80-280 characters of Danish, with æ, ø and å.

Sentences in the network's own words (from the meeting the tool was made
for), strung together and cut at a word so lengths spread over the range a
phone allows. A note's size matters to the benchmark: it is what the server
parses, stores, and sends to the group.
"""

from __future__ import annotations

import random

SENTENCES = (
    "Vi har brug for mere sparring med de andre arbejdsmiljøkoordinatorer.",
    "Psykologisk tryghed i netværket er en forudsætning for at dele erfaringer.",
    "Fire møder om året passer godt, gerne med fysisk fremmøde frem for online.",
    "Hvert andet møde kunne handle om fysisk arbejdsmiljø i laboratorierne.",
    "Det er vigtigt at ledelsen bliver inddraget og uddannet i trivselsarbejdet.",
    "Spørgeredskaber og metoder til aktiv lytning ville hjælpe i dialogen med kollegerne.",
    "Forebyggelse af stress bør være et fast punkt på dagsordenen.",
    "Alene-arbejde i værkstederne fortjener et møde for sig selv.",
    "Korte oplæg og mere tid til drøftelser i mindre grupper.",
    "Erfaringer med APV'en på tværs af enhederne, så vi lærer af hinanden.",
    "Klarhed over roller og ansvar mellem AMK, AMR og HR-partneren.",
    "Krænkende adfærd skal kunne drøftes åbent og uden frygt for følger.",
    "Nye koordinatorer kunne få en makker det første år.",
    "Den nye AT-vejledning om psykisk arbejdsmiljø bør gennemgås på et møde.",
    "Studiemiljøet for de studerende hænger sammen med medarbejdernes trivsel.",
    "Hensyn skal gå begge veje, også når travlheden er størst.",
    "Mere tid til arbejdsmiljøarbejdet i hverdagen, ikke kun på papiret.",
    "Skabeloner til referater og handleplaner ville spare os for meget dobbeltarbejde.",
)

MIN_LENGTH = 80
MAX_LENGTH = 280


def note_text(rng: random.Random) -> str:
    """One note of 80-280 characters, cut after a whole word."""
    target = rng.randint(MIN_LENGTH, MAX_LENGTH)
    text = rng.choice(SENTENCES)
    while len(text) < target:
        text += " " + rng.choice(SENTENCES)
    if len(text) > target:
        cut = text.rfind(" ", MIN_LENGTH, target + 1)
        text = text[:cut] if cut >= MIN_LENGTH else text[:target]
    return text


def note_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [note_text(rng) for _ in range(count)]
