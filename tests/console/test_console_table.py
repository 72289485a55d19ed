"""The console's list of notes and participants (`widgets/table.py`): the
cursor stays on its row while rows arrive, a change in view is drawn, and
with 2,000 rows only the rows in view are ever built."""

from __future__ import annotations

from textual.app import App, ComposeResult

from facilitator.console.widgets.table import KeyedTable, Row


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(id="list")


def lines(table: KeyedTable) -> list[str]:
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


async def test_the_cursor_stays_on_its_note_when_new_notes_arrive_before_it():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(KeyedTable)
        table.set_columns(["Tekst"], [None])
        table.show([(f"n{i}", (f"Note {i}",), False) for i in range(5)])
        table.focus()
        await pilot.press("down", "down")
        assert table.selected_key == "n2"
        table.show([("n-new", ("Ny note",), False), *((f"n{i}", (f"Note {i}",), False) for i in range(5))])
        await pilot.pause()
        assert table.selected_key == "n2" and table.cursor == 3


async def test_an_edited_note_in_view_is_redrawn_and_one_out_of_view_costs_no_redraw():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(KeyedTable)
        table.set_columns(["Tekst"], [None])
        texts = {f"n{i}": f"Note {i}" for i in range(100)}

        def row_of(key: str) -> tuple[Row, bool]:
            return (texts[key],), False

        keys = list(texts)
        table.show_keys(keys, row_of)
        await pilot.pause()
        assert "Note 1" in lines(table)[2]
        texts["n1"] = "Rettet af facilitator"
        table.show_keys(keys, row_of)
        await pilot.pause()
        assert "Rettet af facilitator" in lines(table)[2]
        refreshes: list[object] = []
        original = table.refresh
        table.refresh = lambda *a, **k: refreshes.append(a) or original(*a, **k)  # type: ignore[method-assign]
        texts["n90"] = "Langt nede i listen"
        table.show_keys(keys, row_of)
        assert refreshes == []


async def test_with_2000_notes_only_the_rows_in_view_are_built():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(KeyedTable)
        table.set_columns(["Gruppe", "Tekst"], [10, None])
        asked: list[str] = []

        def row_of(key: str) -> tuple[Row, bool]:
            asked.append(key)
            return ("Gruppe 1", f"Note {key}"), False

        table.show_keys([str(i) for i in range(2000)], row_of)
        await pilot.pause()
        shown = lines(table)
        assert "Note 0" in shown[1] and "Note 10" in shown[-1]
        assert len(set(asked)) <= table.size.height  # not 2,000
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert "Note 1999" in lines(table)[-1]
