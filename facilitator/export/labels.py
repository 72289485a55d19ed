"""The appendix's words in one language: every format asks here, so the
DOCX, the Markdown and the HTML say things the same way ("nævnt af 3
grupper: Gruppe 1, 2 og 5"). All texts come from the `appendix.` keys of the
text tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facilitator.export.model import Appendix, Entry, ExerciseReport, GroupInfo, LaneReport
from facilitator.texts import t


class Labels:
    def __init__(self, appendix: Appendix) -> None:
        self.appendix = appendix
        self.language = appendix.language

    def __call__(self, key: str, **params: object) -> str:
        return t(self.language, f"appendix.{key}", **params)

    def count(self, key: str, count: int) -> str:
        """'1 stemme' / '3 stemmer': the `.one` or `.other` form of `key`."""
        return self(f"{key}.one" if count == 1 else f"{key}.other", count=count)

    def join(self, items: Sequence[str]) -> str:
        """'a, b og c' (Danish) / 'a, b and c' (English)."""
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    # -- the heading ------------------------------------------------------------------
    def title(self) -> str:
        if self.appendix.owner:
            return self("owner_title", owner=self.appendix.owner)
        return self("title", exercises=self.join([ex.title for ex in self.appendix.exercises]))

    def date(self, day: dt.date | None = None) -> str:
        day = day or self.appendix.date
        weekday = self("weekdays").split(",")[day.weekday()]
        month = self("months").split(",")[day.month - 1]
        return self("date", weekday=weekday, day=day.day, month=month, year=day.year)

    def taking_part(self) -> str:
        return self(
            "taking_part",
            people=self.count("people", self.appendix.participant_count),
            groups=self.count("groups", self.appendix.group_count),
        )

    def facts(self) -> list[tuple[str, str]]:
        """The label/value lines under the title, like the minutes' header."""
        a = self.appendix
        facts = [(self("label.meeting"), a.meeting)]
        if a.network:
            facts.append((self("label.network"), a.network))
        facts.append((self("label.date"), self.date()))
        if not a.owner:
            facts.append((self("label.participants"), self.taking_part()))
            if a.units:
                facts.append((self("label.units"), self.join(list(a.units))))
        return facts

    # -- groups -------------------------------------------------------------------------
    def group(self, group: GroupInfo | str) -> str:
        if isinstance(group, str):
            found = self.appendix.group(group)
            if found is None:
                return group
            group = found
        return group.name or self("group", number=group.number)

    def groups(self, group_ids: Sequence[str]) -> str:
        """'Gruppe 1, 2 og 5' when the groups are numbered; names joined otherwise."""
        groups = [self.appendix.group(g) for g in group_ids]
        numbered = [g for g in groups if g is not None and g.name is None]
        if groups and len(numbered) == len(groups):
            if len(numbered) == 1:
                return self.group(numbered[0])
            return self("group_numbers", numbers=self.join([str(g.number) for g in numbered]))
        return self.join([self.group(g) if g is not None else gid for g, gid in zip(groups, group_ids, strict=True)])

    def raised_by(self, entry: Entry) -> str:
        """'Gruppe 3', or 'nævnt af 3 grupper: Gruppe 1, 2 og 5'."""
        if len(entry.group_ids) <= 1:
            return self.groups(entry.group_ids)
        return self("raised_by", count=self.count("groups", len(entry.group_ids)), groups=self.groups(entry.group_ids))

    def entry_meta(self, entry: Entry) -> list[str]:
        """The parts after a note's text: who raised it, votes, highlight."""
        parts = [self.raised_by(entry)]
        if entry.votes:
            parts.append(self.count("votes", entry.votes))
        if entry.highlighted:
            parts.append(self("highlighted_mark"))
        if entry.authors:
            parts.append(self.join(list(entry.authors)))
        return [p for p in parts if p]

    # -- lanes and exercises ------------------------------------------------------------
    def lane_summary(self, lane: LaneReport) -> str:
        return self("lane_summary", notes=self.count("notes", lane.note_count), groups=self.count("groups", len(lane.group_ids)))

    def proposals_heading(self, exercise: ExerciseReport) -> str:
        return self(f"proposals.{exercise.kind}")

    def figure_caption(self, exercise: ExerciseReport, number: int) -> str:
        return self(f"figure.{exercise.kind}", number=number, exercise=exercise.title)

    def important_intro(self, lines: Sequence[str]) -> str | None:
        """'Det er vigtigt:' when every plenary line reads on from it ('at …' / 'to …')."""
        if lines and all(line.split(" ", 1)[0].casefold() in ("at", "to") for line in lines):
            return self("important")
        return None

    def chart_counts(self, exercise: ExerciseReport) -> list[tuple[str, int]]:
        """(label, notes) per lane for the picture; proposed lanes marked as such."""
        counts = [(lane.title, lane.note_count) for lane in exercise.lanes]
        counts += [(f"{lane.title} {self('figure.proposed')}", lane.note_count) for lane in exercise.proposed_lanes]
        return counts
