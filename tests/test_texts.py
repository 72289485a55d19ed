"""Every text exists in Danish and English, from one table per language."""

from __future__ import annotations

import string

from facilitator.texts import DA, EN, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_danish_and_english_tables_have_the_same_keys() -> None:
    assert sorted(set(DA) - set(EN)) == []
    assert sorted(set(EN) - set(DA)) == []


def test_both_languages_use_the_same_placeholders() -> None:
    differing = [key for key in DA if placeholders(DA[key]) != placeholders(EN[key])]
    assert differing == []


def test_no_text_is_empty() -> None:
    assert [key for key, text in {**DA, **EN}.items() if not text.strip()] == []


def test_danish_is_the_default_and_unknown_languages_fall_back_to_it() -> None:
    assert t("da", "error.note_empty") == "Noten er tom."
    assert t("en", "error.note_empty") == "The note is empty."
    assert t("sv", "error.note_empty") == "Noten er tom."
