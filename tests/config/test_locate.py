"""The key locator: which line a key path is written on."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.config.locate import key_lines, line_of


def lines(text: str) -> dict:
    tomllib.loads(text)  # every example is valid TOML, as the locator assumes
    return key_lines(text)


def test_top_level_keys_are_on_their_own_lines() -> None:
    found = lines('id = "x"\n\n# a comment with = in it\nkind = "star"\n')
    assert found[("id",)] == 1
    assert found[("kind",)] == 4


def test_nested_tables_point_at_their_header_and_keys() -> None:
    text = 'id = "x"\n[options]\nwriting_minutes = 10\n\n[options.extra]\ndeep = 1\n'
    found = lines(text)
    assert found[("options",)] == 2
    assert found[("options", "writing_minutes")] == 3
    assert found[("options", "extra")] == 5
    assert found[("options", "extra", "deep")] == 6


def test_arrays_of_tables_count_their_entries_from_zero() -> None:
    text = '[[lanes]]\nid = "a"\n\n[[lanes]]\nid = "b"\ntitle = "B"\n\n[[lanes]]\nid = "c"\n'
    found = lines(text)
    assert found[("lanes",)] == 1
    assert found[("lanes", 0)] == 1
    assert found[("lanes", 1)] == 4
    assert found[("lanes", 1, "title")] == 6
    assert found[("lanes", 2, "id")] == 9


def test_a_subtable_of_an_array_entry_belongs_to_the_last_entry() -> None:
    text = '[[lanes]]\nid = "a"\n\n[[lanes]]\nid = "b"\n\n[lanes.title]\nda = "B"\n'
    found = lines(text)
    assert found[("lanes", 1, "title")] == 7
    assert found[("lanes", 1, "title", "da")] == 8
    assert ("lanes", 0, "title") not in found


def test_nested_arrays_of_tables_count_per_parent_entry() -> None:
    text = (
        '[[exercises]]\nid = "a"\n[[exercises.lanes]]\nid = "a1"\n[[exercises.lanes]]\nid = "a2"\n'
        '[[exercises]]\nid = "b"\n[[exercises.lanes]]\nid = "b1"\n'
    )
    found = lines(text)
    assert found[("exercises", 0, "lanes", 1, "id")] == 6
    assert found[("exercises", 1)] == 7
    assert found[("exercises", 1, "lanes", 0, "id")] == 10


def test_inline_tables_and_arrays_of_inline_tables_over_several_lines() -> None:
    text = (
        'title = { da = "T", en = "E" }\n'
        "exercises = [\n"
        '  { file = "a.toml" },  # a comment, with [brackets] and {braces}\n'
        "\n"
        '  { file = "b.toml" },\n'
        "]\n"
        'after = "x"\n'
    )
    found = lines(text)
    assert found[("title", "en")] == 1
    assert found[("exercises",)] == 2
    assert found[("exercises", 0, "file")] == 3
    assert found[("exercises", 1)] == 5
    assert found[("exercises", 1, "file")] == 5
    assert found[("after",)] == 7


def test_dotted_keys_record_every_level() -> None:
    found = lines('prompt.da = "Hvad?"\n"quoted key".en = "What?"\n[lanes.0]\nx.y.z = 1\n')
    assert found[("prompt",)] == 1
    assert found[("prompt", "da")] == 1
    assert found[("quoted key", "en")] == 2
    assert found[("lanes", "0", "x", "y", "z")] == 4


def test_multi_line_strings_do_not_hide_or_invent_keys() -> None:
    text = (
        'instructions = """\nnot_a_key = 1\n[not_a_table]\n"""\n'
        "literal = '''\nalso = \"not\"\n'''\n"
        'ending = """quote at the end""""\n'
        'last = "x"\n'
    )
    found = lines(text)
    assert ("not_a_key",) not in found and ("not_a_table",) not in found and ("also",) not in found
    assert found[("literal",)] == 5
    assert found[("last",)] == 9


def test_escaped_quotes_and_values_with_delimiters() -> None:
    text = 'a = "say \\"hi\\" # not a comment"\nb = 1979-05-27 07:32:00\nc = [1, [2, 3], "]"]\nd = true\n'
    found = lines(text)
    assert found[("b",)] == 2
    assert found[("c", 1, 1)] == 3
    assert found[("c", 2)] == 3
    assert found[("d",)] == 4


def test_a_missing_key_points_at_the_table_that_should_hold_it() -> None:
    found = lines('id = "x"\n\n[[lanes]]\nid = "a"\n\n[[lanes]]\ntitle = "B"\n')
    assert line_of(found, ("lanes", 1, "id")) == 6
    assert line_of(found, ("kind",)) == 1  # top level: line 1
    assert line_of(found, ()) == 1


def test_windows_line_endings_count_lines_the_same() -> None:
    found = lines('id = "x"\r\n\r\n[options]\r\nvisibility = "all"\r\n')
    assert found[("options", "visibility")] == 4


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet='ab= "\'[]{}.,#\n\\1', max_size=80))
def test_the_locator_never_raises_even_on_text_that_is_not_toml(text: str) -> None:
    found = key_lines(text)
    assert all(isinstance(line, int) and line >= 1 for line in found.values())
