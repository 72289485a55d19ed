"""The wall's plenary frames (server/wall/focus.py), from the state alone: the
lane in focus as the appendix's own `lane_report` prints it, and the vote's
results with the console's ranking (core/ranking.py) and the wall's rule for
how many lines the room is shown."""

from __future__ import annotations

from plans import make_plan

from facilitator.core import commands as cmd
from facilitator.core.ranking import ranked_notes
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply
from facilitator.export.model import lane_report
from facilitator.server.wall.focus import focus_view, results_view, top_places

MODULES = "kompetencemoduler"
NOW = 1_738_670_000.0


def run(state: SessionState, command: cmd.Command) -> None:
    for event in handle(state, command, NOW):
        apply(state, event)


def voted() -> SessionState:
    state = SessionState()
    run(state, cmd.CreateSession(plan=make_plan(), code="K7M2QX9D"))
    for pid, group in [("p1", "g1"), ("p2", "g2"), ("p3", "g3")]:
        run(state, cmd.Join(pid, "h", f"Navn {pid}", "AKM", group))
    run(state, cmd.StartExercise(MODULES))
    for i, text in enumerate(["Tidlige tegn på stress", "tidlige tegn på stress", "Cases fra egne enheder", "Den svære samtale", "Walk and talk"]):
        run(state, cmd.AddNoteForGroup(f"n{i}", MODULES, "balance", ["g1", "g2", "g3", "g1", "g2"][i], text))
    run(state, cmd.Reveal(MODULES))
    run(state, cmd.SetPhase(MODULES, "voting"))
    for pid, nid in [("p1", "n3"), ("p2", "n3"), ("p3", "n3"), ("p1", "n0"), ("p2", "n1"), ("p3", "n2"), ("p2", "n2")]:
        run(state, cmd.CastVote(pid, nid))
    return state


def test_the_focus_shows_the_appendix_lines_with_dots_only_once_the_vote_is_closed() -> None:
    state = voted()
    run(state, cmd.FocusLane(MODULES, "balance"))
    running = focus_view(state, MODULES, "da", lane_report)
    assert running is not None and all(line.dots is None for line in running.lines)  # no dots while the vote runs
    run(state, cmd.SetPhase(MODULES, "closed"))
    focus = focus_view(state, MODULES, "da", lane_report)
    report = lane_report(state, MODULES, "balance", "da")
    assert focus is not None and report is not None
    assert [(line.text, line.groups, line.dots) for line in focus.lines] == [(e.text, len(e.group_ids), e.votes) for e in report.entries]
    assert focus.lines[0].text == "Den svære samtale" and focus.count == report.note_count == 5
    stress = next(line for line in focus.lines if line.text == "Tidlige tegn på stress")
    assert (stress.groups, stress.dots, stress.wordings) == (2, 2, 1)  # the appendix's grouping: two groups, one line


def test_the_results_share_places_between_ties_and_show_a_tie_at_the_last_place_whole() -> None:
    state = voted()
    assert results_view(state, MODULES) is None  # not while the vote runs
    run(state, cmd.SetPhase(MODULES, "closed"))
    results = results_view(state, MODULES)
    assert results is not None
    assert [(r.place, r.dots, r.id) for r in results.lines] == [(1, 3, "n3"), (2, 2, "n2"), (3, 1, "n0"), (3, 1, "n1")]
    shown, more = top_places(ranked_notes(state, MODULES), places=3, most=3)
    assert [r.note.id for r in shown] == ["n3", "n2", "n0"] and more == 1  # never more lines than fit
    shown, more = top_places(ranked_notes(state, MODULES), places=2, most=10)
    assert [r.note.id for r in shown] == ["n3", "n2"] and more == 2
