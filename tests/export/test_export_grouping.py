"""The automatic grouping held to its conservative rules (the measurement on
the labelled set is tests/bench/test_grouping_eval.py)."""

from __future__ import annotations

import pytest

from facilitator.export.grouping import cluster, is_typo, same_note, signature, stem


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sparring med andre AMK'ere", "sparring med andre AMKere"),  # case, apostrophe
        ("Sparring med andre AMK'ere", "Sparring med andre AMK'er"),  # word form
        ("Psykologisk tryghed i netværket", "Psykologisk trygehd i netværket"),  # swapped letters
        ("Forebyggelse af stress", "Forebyggelse af stres"),  # a letter missing
        ("Alene-arbejde som punkt på næste møde", "Alenearbejde som punkt på næste møde"),  # compound
        ("4 møder om året", "Fire møder om året"),  # digits and number words
        ("Hensyn skal gå begge veje", "Hensynet skal gå begge veje!"),
        ("More time for sharing experiences", "more time for sharing experience."),  # English
        ("4 møder årligt", "4 møder om året"),  # a paraphrase the lemmas and one synonym catch
        ("Hvordan DTU håndterer krænkende adfærd", "Hvordan håndterer DTU krænkende adfærd"),  # two neighbours swapped
        ("Diversitet rummer mange andre emner", "Diversitet rummer mange andre emner end neurodiversitet"),  # a word more
        ("Nærhedsprincippet ved organisatoriske ændringer", "Nærhedsprincippet ved organisationsændringer"),
    ],
)
def test_near_identical_notes_are_grouped(a: str, b: str) -> None:
    assert same_note(signature(a), signature(b))
    assert cluster([a, b]) == [[0, 1]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mere fokus på fysisk arbejdsmiljø", "Mere fokus på psykisk arbejdsmiljø"),
        ("4 møder om året", "2 møder om året"),
        ("Fire møder om året", "To møder om året"),
        ("Møder hvert halve år er ikke nok", "Møder hvert halve år er nok"),  # negation
        ("Intet behov for et AMO net", "Behov for et AMO net"),
        ("Sikker håndtering af kemikalier", "Usikker håndtering af kemikalier"),  # negating prefix
        ("Mere tid allokeret til AMK-rollen", "Mere tid allokeret til AMR-rollen"),  # short words: no typos
        ("Flere møder om året", "Færre møder om året"),
        ("Lederen skal lytte til medarbejderen", "Medarbejderen skal lytte til lederen"),  # word order
        ("Drøftelser i mindre grupper", "Drøftelser i større grupper"),
        ("Option to join online", "No option to join online"),
        ("Fra viden til praksis", "Fra praksis til viden"),  # from one thing to another: order is meaning
        ("Materiale sendt ud før mødet", "Materiale sendt ud efter mødet"),
        ("Start med et safety moment", "Slut med et safety moment"),
        ("Korte oplæg fra sekretariatet", "Lange oplæg fra sekretariatet"),
        ("Online møder", "Møder med fysisk fremmøde"),
        ("Stress hos ledere", "Stress hos medarbejdere"),
        ("Opfølgning et halvt år efter forløbet", "Opfølgning et år efter forløbet"),
        ("Møderne holdes på Lyngby campus", "Møderne holdes på Risø campus"),
    ],
)
def test_notes_that_say_different_things_are_never_grouped(a: str, b: str) -> None:
    assert not same_note(signature(a), signature(b))
    assert cluster([a, b]) == [[0], [1]]


def test_a_chain_of_small_differences_does_not_carry_a_group_away() -> None:
    # "lytnig" is one typo from "lytning", "lytnik" one from "lytnig" but two
    # from "lytning": it matches only one of the three notes in the group
    texts = [
        "Spørgeredskaber til aktiv lytning",
        "spørgeredskaber til aktiv lytning.",
        "Spørgeredskaber til aktiv lytnig",
        "Spørgeredskaber til aktiv lytnik",
    ]
    assert same_note(signature(texts[2]), signature(texts[3]))
    assert not same_note(signature(texts[0]), signature(texts[3]))
    assert cluster(texts) == [[0, 1, 2], [3]]


def test_groups_keep_the_order_of_their_first_note() -> None:
    texts = ["Sparring", "Fysisk fremmøde", "sparring!", "Fysisk fremmøde."]
    assert cluster(texts) == [[0, 2], [1, 3]]


def test_stemmer_strips_danish_and_english_word_forms() -> None:
    assert stem("møderne") == stem("møder") == stem("mødet") == stem("møde")
    assert stem("ledelsen") == stem("ledelse")
    assert stem("meetings") == stem("meeting")
    assert stem("fokus") == "fokus" and stem("stress") == "stres"
    assert stem("årligt") == stem("årlige")


def test_typos_need_long_words_and_are_never_a_negating_prefix() -> None:
    assert is_typo("lytning", "lytnig")
    assert not is_typo("amk", "amr")
    assert not is_typo("sikker", "usikker")
    assert not is_typo("fysisk", "psykisk")
