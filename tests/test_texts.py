"""Every text exists in Danish and English, from one table per language."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

from facilitator.texts import DA, EN, error_text, t

ROOT = Path(__file__).resolve().parents[1]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_danish_and_english_tables_have_the_same_keys() -> None:
    assert sorted(set(DA) - set(EN)) == []
    assert sorted(set(EN) - set(DA)) == []


def test_both_languages_use_the_same_placeholders() -> None:
    differing = [key for key in DA if placeholders(DA[key]) != placeholders(EN[key])]
    assert differing == []


def test_counted_texts_have_one_form_for_one_and_one_for_other_counts() -> None:
    """One plural convention for Python and the browser: `key.one` and `key.other`."""
    ones = {key.removesuffix(".one") for key in DA if key.endswith(".one")}
    others = {key.removesuffix(".other") for key in DA if key.endswith(".other") and key != "check.other"}
    assert ones == others
    assert [key for key in DA if key.rsplit(".", 1)[-1] in ("many", "few", "two", "zero", "plural")] == []


def test_no_text_is_empty() -> None:
    assert [key for key, text in {**DA, **EN}.items() if not text.strip()] == []


def test_danish_is_the_default_and_unknown_languages_fall_back_to_it() -> None:
    assert t("da", "error.note_empty") == "Noten er tom."
    assert t("en", "error.note_empty") == "The note is empty."
    assert t("sv", "error.note_empty") == "Noten er tom."


def test_a_domain_error_is_rendered_in_danish_and_english() -> None:
    assert error_text("da", "dots_used_up", {"limit": 3}) == "Du har brugt alle dine 3 prikker."
    assert error_text("en", "dots_used_up", {"limit": 3}) == "You have used all your 3 dots."


def test_a_reason_parameter_is_a_code_rendered_in_the_same_language() -> None:
    params = {"reason": "merge_reason_self"}
    assert error_text("en", "merge_invalid", params) == "The notes cannot be merged: a note cannot be merged with itself"
    assert error_text("da", "merge_invalid", params).endswith(t("da", "error.merge_reason_self"))


def test_every_code_the_core_raises_has_a_text() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "facilitator" / "core").glob("*.py"))
    codes = set(re.findall(r'DomainError\(\s*"([a-z_]+)"', source)) | set(re.findall(r'reason="([a-z_]+)"', source))
    assert len(codes) > 30
    assert sorted(code for code in codes if f"error.{code}" not in DA or f"error.{code}" not in EN) == []


def test_the_core_imports_no_text_table() -> None:
    probe = "import sys, facilitator.core.session, facilitator.core.errors; print(sorted(m for m in sys.modules if m.startswith('facilitator.texts')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
