"""Attack 1 of issue 14: one participant's text must never stop the appendix
from being written, and nothing in it may be invisible or spoofed.

What a hostile phone tried (each against a real server on 127.0.0.1): a
proposed lane titled "Modul\\n7" made the chart's text layout fail and no file
at all was written; a name with U+FFFE broke the Word file; right-to-left
overrides and zero-width characters were kept; a decomposed "Å" was stored
as two characters Word's search does not find. Now single-line fields fold
line breaks, every text is NFC, invisible characters go (facilitator/
printable.py), and a format that still fails costs only itself: the others
are written and the failure names the format and the note.
"""

from __future__ import annotations

import json
import unicodedata

import docx
import pytest
from plans import make_plan

from facilitator.core import commands as cmd
from facilitator.export import FORMATS, PartialExport, export_journal, export_state
from tests.support.phones import MODULES, STAR

RLO, LRI, PDI, ZWSP, ZWJ, BOM = "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff"


def with_names_in_appendix():
    return make_plan().model_copy(update={"names_in_appendix": True})


async def test_a_proposed_lane_title_with_a_line_break_arrives_on_one_line_and_every_format_is_written(
    make_server, joined, tmp_path
):
    server = await make_server(start_exercise=MODULES)
    phone = await joined(server, name="Mette")
    await phone.send("propose", exercise_id=MODULES, lane_id="l-7", title="Modul\n7", prompt="Hvad\nmere?")
    lane = (await phone.expect("ack"))["lane"]
    assert (lane["title"], lane["prompt"]) == ("Modul 7", "Hvad\nmere?")  # a prompt may keep its lines
    await phone.note("n-1", lane_id="l-7", text="Første note\npå to linjer", exercise_id=MODULES)
    await phone.expect("ack")
    written = export_journal(server.session.journal.path, tmp_path / "bilag", formats=FORMATS)
    assert sorted(p.suffix for p in written) == sorted(f".{f}" for f in FORMATS)
    assert "Modul 7" in next(p for p in written if p.suffix == ".md").read_text(encoding="utf-8")


async def test_a_name_with_a_non_character_goes_into_the_word_file_without_it(make_server, joined, tmp_path):
    server = await make_server(with_names_in_appendix())
    phone = await joined(server, name="Mette\ufffe Holm\uffff")
    assert server.session.state.participants[phone.participant_id].name == "Mette Holm"
    await phone.note("n-1", text="Sparring")
    await phone.expect("ack")
    written = export_journal(server.session.journal.path, tmp_path / "bilag", formats=("docx",))
    document = docx.Document(str(written[0]))
    assert any("Mette Holm" in p.text for p in document.paragraphs)


async def test_bidi_overrides_and_zero_width_characters_never_reach_the_session(server, joined):
    phone = await joined(server, name=f"{RLO}exe.txt{ZWSP} {LRI}Ole{PDI}{BOM}")
    await phone.note("n-1", text=f"Ring{ZWSP} til {RLO}0987{PDI} 6543{BOM}")
    ack = await phone.expect("ack")
    assert ack["note"]["text"] == "Ring til 0987 6543"
    assert server.session.state.participants[phone.participant_id].name == "exe.txt Ole"


async def test_a_name_is_one_line_without_joiners_but_a_note_keeps_its_emoji_sequences(server, joined):
    family = f"\U0001f468{ZWJ}\U0001f469{ZWJ}\U0001f467"
    phone = await joined(server, name=f"Mette\n\tHolm {family}")
    assert server.session.state.participants[phone.participant_id].name == "Mette Holm \U0001f468\U0001f469\U0001f467"
    await phone.note("n-1", text=f"Familie {family}\nanden linje")
    assert (await phone.expect("ack"))["note"]["text"] == f"Familie {family}\nanden linje"


async def test_a_decomposed_letter_is_stored_composed_so_search_finds_it(server, joined):
    phone = await joined(server, name="A\u030ase")  # "Åse" as some keyboards send it
    await phone.note("n-1", text="A\u030arhus og ka\u0308rlighed")
    text = (await phone.expect("ack"))["note"]["text"]
    assert text == "Århus og kärlighed" and unicodedata.is_normalized("NFC", text)
    assert server.session.state.participants[phone.participant_id].name == "Åse"


async def test_a_lone_surrogate_in_a_frame_is_refused_and_the_phone_carries_on(server, joined):
    phone = await joined(server, name="Mette")
    # json.dumps writes a lone surrogate as the escape \ud800: JSON a script can send, not text a file can hold
    await phone.send_raw(json.dumps({"type": "note", "v": 1, "note_id": "n-1", "exercise_id": STAR, "lane_id": "behov", "text": "før\ud800efter"}))
    assert (await phone.expect("error"))["code"] == "bad_json"
    await phone.note("n-2", text="Næste note")
    assert (await phone.expect("ack"))["note"]["text"] == "Næste note"
    assert list(server.session.state.notes) == ["n-2"]


def test_a_journal_written_before_titles_were_folded_still_writes_every_format(tmp_path, journal_path):
    """An old journal can hold a title with a line break (the phones' text was
    not folded then): the figures draw it on one line."""
    from facilitator.runtime import LiveSession

    session = LiveSession.open(journal_path, make_plan())
    session.execute(cmd.Join("p1", "h", "Mette", "AKM"))
    session.execute(cmd.StartExercise(MODULES))
    session.execute(cmd.ProposeLane("p1", "l7", MODULES, "Modul\n7", ""))
    session.execute(cmd.AddNote("p1", "n1", MODULES, "l7", "En note"))
    written = export_state(session.state, tmp_path / "bilag", FORMATS)
    session.close()
    assert sorted(p.suffix for p in written) == sorted(f".{f}" for f in FORMATS)


def test_one_format_failing_writes_the_others_and_names_the_format_and_the_note(tmp_path, journal_path, monkeypatch):
    """No text the protocol accepts breaks a format any more (the property
    test below drives thousands), so the failure is injected into the Word
    writer: a fault, like the full disk of the reliability tests, not a
    stand-in for the part under test. The export must still write every
    other format and say which note the Word writer could not take."""
    from facilitator.export import docx as docx_writer
    from facilitator.runtime import LiveSession

    real = docx_writer.render_docx

    def breaks_on_one_note(appendix, charts=None):
        if "Den giftige note" in repr(appendix):  # the appendix's dataclasses show every text
            raise ValueError("All strings must be XML compatible")
        return real(appendix, charts)

    monkeypatch.setattr(docx_writer, "render_docx", breaks_on_one_note)
    session = LiveSession.open(journal_path, make_plan())
    session.execute(cmd.Join("p1", "h", "Mette", "AKM"))
    session.execute(cmd.StartExercise(STAR))
    for i in range(40):
        session.execute(cmd.AddNote("p1", f"n{i}", STAR, "behov", f"Note nummer {i}"))
    session.execute(cmd.AddNote("p1", "toxic", STAR, "form", "Den giftige note"))
    with pytest.raises(PartialExport) as failed:
        export_state(session.state, tmp_path / "bilag", FORMATS)
    session.close()
    assert sorted(p.suffix for p in failed.value.written) == sorted(f".{f}" for f in FORMATS if f != "docx")
    message = str(failed.value)
    assert message.startswith("docx blev ikke skrevet: ValueError: All strings must be XML compatible")
    assert "noten toxic (netvaerksstjernen/form): »Den giftige note«" in message

