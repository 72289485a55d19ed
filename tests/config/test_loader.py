"""Reading exercise and plan files: what loads, and what a facilitator is told
when something is wrong (file, key path, line, expectation)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from facilitator.config.loader import check_file, check_files, load_any, load_exercise, load_plan
from facilitator.config.models import Exercise, ResolvedPlan
from facilitator.config.problems import ConfigError, Problem
from facilitator.resources import exercises_dir

STAR = """\
id = "stjerne"
kind = "star"
title = "Stjernen"
instructions = "Skriv noter."

[options]
writing_minutes = 10

[[lanes]]
id = "behov"
title = "Behov"

[[lanes]]
id = "bidrag"
title = { da = "Bidrag", en = "Contributions" }
"""

# A plan with its exercise written inline; tests add to its end.
INLINE_PLAN = """\
title = "Møde"
date = 2025-02-04

[[exercises]]
id = "moduler"
kind = "brainstorm"
title = "Moduler"
instructions = "Giv input."

[[exercises.lanes]]
id = "modul-1"
title = "Modul 1"
owner = "Anders Jacobsen, Koncern HR"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path, loader=load_any) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        loader(path)
    return caught.value.problems


def plan_text(*exercise_lines: str) -> str:
    entries = "\n".join(f"  {line}," for line in exercise_lines)
    return f'title = "Møde"\ndate = 2025-02-04\nexercises = [\n{entries}\n]\n'


# -- what loads --


def test_an_exercise_file_loads_with_plain_and_bilingual_texts(tmp_path: Path) -> None:
    exercise = load_exercise(write(tmp_path, "stjerne.toml", STAR))
    assert exercise.id == "stjerne"
    assert exercise.options.writing_minutes == 10
    assert exercise.options.max_note_length == 280  # default
    assert [lane.title.get("en") for lane in exercise.lanes] == ["Behov", "Contributions"]


def test_a_plan_with_a_number_of_groups_has_a_count_and_no_names(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", STAR)
    plan = load_plan(write(tmp_path, "plan.toml", plan_text('{ file = "stjerne.toml" }')))
    assert isinstance(plan, ResolvedPlan)
    assert (plan.group_count, plan.group_names) == (5, None)
    assert plan.date == dt.date(2025, 2, 4)
    assert [exercise.id for exercise in plan.exercises] == ["stjerne"]


def test_a_plan_with_group_names_counts_them(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", STAR)
    text = plan_text('{ file = "stjerne.toml" }').replace("date", 'groups = ["Bord 1", " Bord 2 "]\ndate')
    plan = load_plan(write(tmp_path, "plan.toml", text))
    assert (plan.group_count, plan.group_names) == (2, ["Bord 1", "Bord 2"])


def test_an_inline_exercise_and_a_reference_resolve_in_plan_order(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", STAR)
    text = INLINE_PLAN + '\n[[exercises]]\nfile = "stjerne.toml"\n'
    plan = load_plan(write(tmp_path, "plan.toml", text))
    assert [exercise.id for exercise in plan.exercises] == ["moduler", "stjerne"]
    assert plan.exercises[0].lanes[0].owner == "Anders Jacobsen, Koncern HR"


def test_a_reference_is_read_beside_the_plan_before_the_bundled_file_of_that_name(tmp_path: Path) -> None:
    own = STAR.replace('id = "stjerne"', 'id = "egen-stjerne"')
    write(tmp_path, "netvaerksstjernen.toml", own)
    plan = load_plan(write(tmp_path, "plan.toml", plan_text('{ file = "netvaerksstjernen.toml" }')))
    assert plan.exercises[0].id == "egen-stjerne"


def test_a_reference_not_beside_the_plan_falls_back_to_the_bundled_file_by_name(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, "plan.toml", plan_text('{ file = "andre/kompetencemoduler.toml" }')))
    assert plan.exercises[0].id == "kompetencemoduler"
    assert len(plan.exercises[0].lanes) == 6


def test_a_byte_order_mark_from_notepad_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "stjerne.toml"
    path.write_bytes(b"\xef\xbb\xbf" + STAR.encode("utf-8"))
    assert load_exercise(path).id == "stjerne"


# -- what is wrong, and where --


def test_a_wrong_type_names_file_key_line_and_expectation_in_both_languages(tmp_path: Path) -> None:
    path = write(tmp_path, "stjerne.toml", STAR.replace("writing_minutes = 10", 'max_note_length = "lang"'))
    [problem] = problems_of(path)
    assert (problem.file, problem.key_path, problem.line) == (str(path), "options.max_note_length", 7)
    assert problem.format("da") == f'{path}:7: options.max_note_length: forventede et helt tal fra 20 til 2000, fik "lang"'
    assert problem.format("en") == f'{path}:7: options.max_note_length: expected a whole number from 20 to 2000, got "lang"'


def test_an_unknown_key_suggests_the_key_that_was_probably_meant(tmp_path: Path) -> None:
    path = write(tmp_path, "stjerne.toml", STAR.replace('title = "Behov"', 'titel = "Behov"'))
    problems = problems_of(path)
    unknown = next(problem for problem in problems if problem.key_path == "lanes[1].titel")
    assert unknown.line == 11
    assert "did you mean 'title'?" in unknown.format("en")
    assert "mente du 'title'?" in unknown.format("da")
    missing = next(problem for problem in problems if problem.key_path == "lanes[1].title")
    assert missing.line == 9  # the [[lanes]] header of the table that should hold it


def test_a_duplicate_lane_id_points_at_the_second_one(tmp_path: Path) -> None:
    path = write(tmp_path, "stjerne.toml", STAR.replace('id = "bidrag"', 'id = "behov"'))
    [problem] = problems_of(path)
    assert (problem.key_path, problem.line) == ("lanes[2].id", 14)
    assert problem.format("en").endswith("expected an id not used before in this exercise; 'behov' is already used by lanes[1]")


def test_an_empty_lane_list_is_reported_on_its_line(tmp_path: Path) -> None:
    text = 'id = "x"\nkind = "star"\ntitle = "T"\ninstructions = "I"\nlanes = []\n'
    [problem] = problems_of(write(tmp_path, "tom.toml", text))
    assert (problem.key_path, problem.line) == ("lanes", 5)
    assert "at least one point" in problem.format("en")


def test_a_missing_top_level_key_points_at_line_one(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "stjerne.toml", STAR.replace('kind = "star"\n', "")))
    assert (problem.key_path, problem.line) == ("kind", 1)
    assert "`kind = …`" in problem.format("en")


def test_a_wrong_choice_lists_the_allowed_values_in_the_language(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "stjerne.toml", STAR.replace('"star"', '"stjerne"')))
    assert problem.format("da").endswith("""kind: forventede 'star' eller 'brainstorm', fik "stjerne\"""")
    assert problem.format("en").endswith("""kind: expected 'star' or 'brainstorm', got "stjerne\"""")


def test_an_id_with_danish_letters_is_explained(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "stjerne.toml", STAR.replace('id = "behov"', 'id = "Behøv"')))
    assert (problem.key_path, problem.line) == ("lanes[1].id", 10)
    assert "lower-case letters a-z" in problem.format("en")


def test_bad_toml_syntax_reports_the_line_tomllib_found(tmp_path: Path) -> None:
    path = write(tmp_path, "stjerne.toml", STAR.replace('title = "Behov"', 'title = "Behov'))
    [problem] = problems_of(path)
    assert (problem.key_path, problem.line) == ("", 11)
    assert problem.format("en").startswith(f"{path}:11: expected valid TOML, but column")


def test_toml_that_ends_too_early_points_at_the_end_of_the_last_line(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "stjerne.toml", 'id = "x"\nkind = "star"\nunits = [\n\n'))
    assert problem.line == 3
    assert problem.format("en").endswith(": expected valid TOML, but column 10 is wrong: Invalid value")


def test_a_file_that_does_not_exist_is_named_without_a_line(tmp_path: Path) -> None:
    path = tmp_path / "findes-ikke.toml"
    [problem] = problems_of(path)
    assert problem.line is None
    assert problem.format("en") == f"{path}: expected a file, but it does not exist"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path)
    assert problem.format("en") == f"{tmp_path}: expected a file, but this is a folder"


def test_a_file_that_is_not_utf8_names_the_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(STAR.replace("Stjernen", "Stjernens sæt").encode("latin-1"))
    [problem] = problems_of(path)
    assert problem.line == 3
    assert "byte 0xE6" in problem.format("en") and "UTF-8" in problem.format("en")


def test_a_plan_given_where_an_exercise_is_expected_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.toml", plan_text('{ file = "netvaerksstjernen.toml" }'))
    [problem] = problems_of(path, load_exercise)
    assert "this is a plan" in problem.format("en")


def test_an_exercise_given_where_a_plan_is_expected_says_so(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "stjerne.toml", STAR), load_plan)
    assert "this is an exercise file" in problem.format("en")


def test_a_file_that_is_neither_plan_nor_exercise_says_what_makes_each(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "andet.toml", 'title = "x"\n'))
    assert problem.line == 1
    assert "date and exercises" in problem.format("en") and "kind and lanes" in problem.format("en")


def test_a_missing_referenced_file_names_the_files_it_looked_for(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.toml", plan_text('{ file = "netvaerksstjernen.toml" }', '{ file = "mangler.toml" }'))
    [problem] = problems_of(path)
    assert (problem.file, problem.key_path, problem.line) == (str(path), "exercises[2].file", 5)
    message = problem.format("en")
    assert str(tmp_path / "mangler.toml") in message
    assert str(exercises_dir() / "mangler.toml") in message


def test_problems_in_a_referenced_file_are_reported_against_that_file(tmp_path: Path) -> None:
    exercise = write(tmp_path, "moduler/stjerne.toml", STAR.replace("writing_minutes = 10", "writing_minutes = 0"))
    plan = write(tmp_path, "plan.toml", plan_text('{ file = "moduler/stjerne.toml" }'))
    [problem] = problems_of(plan)
    assert (problem.file, problem.key_path, problem.line) == (str(exercise), "options.writing_minutes", 7)
    assert "from 1 to 240, got 0" in problem.format("en")


def test_plan_and_referenced_file_problems_are_reported_together(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", STAR.replace('kind = "star"', 'kind = 3'))
    text = plan_text('{ file = "stjerne.toml" }').replace("date = 2025-02-04", 'date = 2025-02-04\nlanguage = "de"')
    problems = problems_of(write(tmp_path, "plan.toml", text))
    assert [(Path(problem.file).name, problem.key_path) for problem in problems] == [
        ("plan.toml", "language"),
        ("stjerne.toml", "kind"),
    ]


def test_problems_in_an_inline_exercise_carry_the_full_key_path(tmp_path: Path) -> None:
    text = INLINE_PLAN + '\n[[exercises.lanes]]\nid = "modul-2"\ntitle = 2\n'
    [problem] = problems_of(write(tmp_path, "plan.toml", text))
    assert (problem.key_path, problem.line) == ("exercises[1].lanes[2].title", 17)


def test_the_same_exercise_twice_in_a_plan_is_a_duplicate(tmp_path: Path) -> None:
    text = plan_text('{ file = "netvaerksstjernen.toml" }', '{ file = "netvaerksstjernen.toml" }')
    [problem] = problems_of(write(tmp_path, "plan.toml", text))
    assert (problem.key_path, problem.line) == ("exercises[2].file", 5)
    assert "'netvaerksstjernen' is already used by exercises[1]" in problem.format("en")


def test_an_entry_written_as_a_bare_file_name_explains_the_table_form(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "plan.toml", plan_text('"netvaerksstjernen.toml"')))
    assert (problem.key_path, problem.line) == ("exercises[1]", 4)
    assert 'either { file = "exercise.toml" } or a whole exercise' in problem.format("en")


def test_a_misspelt_file_key_is_one_unknown_key_not_five_missing_ones(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "plan.toml", plan_text('{ fil = "netvaerksstjernen.toml" }')))
    assert problem.key_path == "exercises[1].fil"
    assert "did you mean 'file'?" in problem.format("en")


@pytest.mark.parametrize(
    ("groups", "key_path", "expected"),
    [
        ('"fem"', "groups", 'expected a number of groups (e.g. 5) or a list of group names'),
        ("0", "groups", "expected a whole number from 1 to 100, got 0"),
        ('["A", 5]', "groups[2]", "expected a text in quotes, got 5"),
        ('["A", "B", "A"]', "groups[3]", "'A' is already there"),
        ('["A", " "]', "groups[2]", "expected a group name that is not empty"),
    ],
)
def test_groups_problems_point_at_the_group_that_is_wrong(
    tmp_path: Path, groups: str, key_path: str, expected: str
) -> None:
    text = plan_text('{ file = "netvaerksstjernen.toml" }').replace("date", f"groups = {groups}\ndate")
    [problem] = problems_of(write(tmp_path, "plan.toml", text))
    assert (problem.key_path, problem.line) == (key_path, 2)
    assert expected in problem.format("en")


def test_a_unit_listed_twice_points_at_the_second_listing(tmp_path: Path) -> None:
    text = plan_text('{ file = "netvaerksstjernen.toml" }').replace("date", 'units = [\n  "AKM",\n  "AIT",\n  "AKM",\n]\ndate')
    [problem] = problems_of(write(tmp_path, "plan.toml", text))
    assert (problem.key_path, problem.line) == ("units[3]", 5)
    assert "'AKM' is already there" in problem.format("en")


def test_a_date_in_quotes_that_is_no_date_is_explained(tmp_path: Path) -> None:
    text = plan_text('{ file = "netvaerksstjernen.toml" }').replace("2025-02-04", '"4. februar"')
    [problem] = problems_of(write(tmp_path, "plan.toml", text))
    assert problem.format("da").endswith('date: forventede en dato som 2025-02-04 (uden anførselstegn), fik "4. februar"')


def test_check_files_reports_a_shared_broken_exercise_once(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", STAR.replace("writing_minutes = 10", "writing_minutes = 0"))
    first = write(tmp_path, "a.toml", plan_text('{ file = "stjerne.toml" }'))
    second = write(tmp_path, "b.toml", plan_text('{ file = "stjerne.toml" }'))
    problems = check_files([first, second, tmp_path / "stjerne.toml"])
    assert [problem.key_path for problem in problems] == ["options.writing_minutes"]
    assert check_file(tmp_path / "a.toml") == problems


def test_config_error_message_is_every_problem_one_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, "stjerne.toml", STAR.replace('"star"', '"x"').replace("= 10", "= 0"))
    with pytest.raises(ConfigError) as caught:
        load_exercise(path)
    assert caught.value.message("en").splitlines() == [problem.format("en") for problem in caught.value.problems]
    assert len(caught.value.problems) == 2
    assert isinstance(load_exercise(write(tmp_path, "ok.toml", STAR)), Exercise)
