"""A note's text is inert everywhere it is shown: what a phone writes is
shown as written, never run, never interpreted as markup, never sent to a
terminal as an escape sequence.

Where each place is proven:
- phone page: tests/client/test_phone_page.py::test_a_note_with_markup_shows_as_text_and_runs_nothing
  (chromium: <img onerror>, <script> shown as text, no dialog), and the CSP in
  tests/server/test_server_http.py;
- projector wall: its texts arrive as JSON strings (tests/security/test_security_wire.py) and
  its page is tested by its own browser tests;
- console (Textual), headless log, and the appendix in every format: here, end to
  end from a phone's frame; the appendix's own finer tests are
  tests/export/test_export_{markdown,html,docx}.py::*markup*.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import docx
from markdown_it import MarkdownIt

from facilitator.console.screens.dialogs import ChoicePrompt
from facilitator.core import commands as cmd
from facilitator.export import FORMATS, export_journal
from facilitator.headless import EventLog, Printer
from tests.support.console_phones import running_console
from tests.support.phones import MODULES, STAR

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # everything a terminal acts on, but tab and line break
# Escape sequences a note could carry to the facilitator's terminal: set the window
# title, write the clipboard (OSC 52), clear the screen, colour, a C1 CSI, a bell.
ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x1b\\\x1b[2J\x1b[31m\x9b31m\x07\x08\x7f"
SHOWN = "]0;pwned]52;c;cHduZWQ=\\[2J[31m31m"  # what is left: plain characters a terminal only prints
NAME = "[@click=app.quit]Mette[/]"
MARKUP = [
    "[bold red]rød[/]",
    "[@click=app.quit]Luk[/]",
    "[link=https://evil.example]klik[/link]",
    "<script>alert(1)</script>",
    "**fed** # ikke en overskrift",
]


async def test_control_characters_a_phone_sends_never_reach_the_session(server, joined):
    phone = await joined(server, name=f"Mette{ESCAPES}", group_id="g1")
    await phone.note("n-1", text=f"Før{ESCAPES}efter\r\nny linje\tfane")
    ack = await phone.expect("ack")
    assert ack["note"]["text"] == f"Før{SHOWN}efter\nny linje\tfane"  # as stored: line break and tab kept
    await phone.send("edit", note_id="n-1", text=f"Rettet{ESCAPES}")
    assert (await phone.expect("ack"))["note"]["text"] == f"Rettet{SHOWN}"
    server.session.execute(cmd.StartExercise(MODULES))
    await phone.until_pong()
    await phone.send("propose", exercise_id=MODULES, lane_id="l-1", title=f"Modul{ESCAPES} 7", prompt=f"Hvad{ESCAPES}?")
    lane = (await phone.expect("ack"))["lane"]
    assert (lane["title"], lane["prompt"]) == (f"Modul{SHOWN} 7", f"Hvad{SHOWN}?")
    state = server.session.state
    stored = [state.notes["n-1"].text, state.participants[phone.participant_id].name or "",
              *(value for lane in state.exercises[MODULES].proposed_lanes.values() for value in (lane.title, lane.prompt))]
    assert stored == [f"Rettet{SHOWN}", f"Mette{SHOWN}", f"Modul{SHOWN} 7", f"Hvad{SHOWN}?"]
    assert not any(CONTROL.search(value) for value in stored)
    await phone.send("note", note_id="n-2", exercise_id=MODULES, lane_id="sexisme", text="\x1b\x07\x9b\x00")
    assert (await phone.expect("error"))["code"] == "note_empty"  # nothing left to read


async def test_the_headless_log_shows_each_note_on_one_line_as_written(server, joined):
    out = io.StringIO()
    server.session.subscribe(EventLog(server, "en", Printer(out)))
    phone = await joined(server, name="Mette", group_id="g1")
    forged = "Sparring\n10:15:00  Phase of netvaerksstjernen: closed"
    await phone.note("n-1", text=forged)
    await phone.expect("ack")
    server.session.execute(cmd.AddNoteForGroup("paper-1", STAR, "form", "g2", f"Fra papir{ESCAPES}[bold]x[/]"))
    lines = out.getvalue().splitlines()
    notes = [line for line in lines if "Note from" in line]
    assert len(notes) == 2 and not any("Phase of" in line for line in lines if "Note from" not in line)
    assert notes[0].endswith("Note from Group 1 on behov: Sparring ↵ 10:15:00  Phase of netvaerksstjernen: closed")
    assert notes[1].endswith(f"Note from Group 2 on form: Fra papir{SHOWN}[bold]x[/]")
    assert not CONTROL.search(out.getvalue().replace("\n", ""))


async def test_the_console_shows_markup_in_notes_names_and_lanes_as_written(tmp_path):
    async with running_console(tmp_path, size=(160, 50)) as room:
        room.session.execute(cmd.StartExercise(STAR))
        writer = await room.phone(name=NAME, group_id="g1")
        for i, text in enumerate(MARKUP):
            await writer.note(f"n-{i}", "behov", text)
        room.session.execute(cmd.HighlightNote("n-1"))
        await room.press("2")  # the exercise: the feed of the newest notes
        await room.until_shown(*MARKUP)
        await room.press("3")  # moderation: the list of notes, and the merge dialog with their texts
        await room.until_shown("[@click=app.quit]Luk[/]", "[link=https://evil.example]klik[/link]")
        await room.press("u")
        await room.until_shown("[bold red]rød[/]", "<script>alert(1)</script>")
        await room.press("escape")
        await room.press("4")  # the plenary: the highlighted note
        await room.until_shown("[@click=app.quit]Luk[/]")
        await room.press("5")  # the participants, and the move dialog with the name in its title
        await room.until_shown(NAME)
        await room.press("m")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt) and NAME in room.text(), "the name in the dialog's title")
        await room.press("escape")
        room.session.execute(cmd.StartExercise(MODULES))
        await writer.send("propose", exercise_id=MODULES, lane_id="l-7", title="[@click=app.quit]Modul 7[/]")
        await writer.expect("ack")
        await room.press("2")  # the board, with the proposed lane's title
        await room.until_shown("[@click=app.quit]Modul 7[/]")
        assert room.app.is_running  # no markup ran (`app.quit` would have ended it)


async def test_the_appendix_keeps_a_phones_markup_as_text_in_every_format(server, joined, tmp_path):
    phone = await joined(server, group_id="g1")
    for i, text in enumerate(MARKUP):
        await phone.note(f"n-{i}", text=text)
        await phone.expect("ack")
    server.session.execute(cmd.SetPhase(STAR, "closed"))
    written = {path.suffix: path for path in export_journal(server.session.journal.path, tmp_path / "bilag", formats=FORMATS)}

    notes = {n["text"] for n in _json_notes(json.loads(written[".json"].read_text(encoding="utf-8")))}
    assert set(MARKUP) <= notes
    rendered = MarkdownIt().render(written[".md"].read_text(encoding="utf-8"))
    assert "<script" not in rendered and "<strong>fed</strong>" not in rendered and 'href="https://evil' not in rendered
    assert "[bold red]rød[/]" in rendered and "**fed** # ikke en overskrift" in rendered.replace("\\", "")
    page = _Page()
    page.feed(written[".html"].read_text(encoding="utf-8"))
    assert "script" not in page.tags and not page.handlers
    assert all(text in page.text for text in MARKUP)
    paragraphs = "\n".join(p.text for p in docx.Document(str(written[".docx"])).paragraphs)
    assert all(text in paragraphs for text in MARKUP)


def _json_notes(value: object) -> list[dict]:
    """Every object with a note's `text`, wherever the JSON appendix keeps it."""
    if isinstance(value, dict):
        found = [value] if isinstance(value.get("text"), str) else []
        return found + [n for v in value.values() for n in _json_notes(v)]
    if isinstance(value, list):
        return [n for v in value for n in _json_notes(v)]
    return []


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data: str) -> None:
        self.text += data
