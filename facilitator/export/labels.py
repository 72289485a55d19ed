"""The appendix's words in one language: every format asks here, so the
DOCX, the Markdown and the HTML say things the same way ("nævnt af 3
grupper: Gruppe 1, 2 og 5"). All texts come from the `appendix.` keys of the
text tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facilitator.export.model import Appendix, Entry, ExerciseReport, FollowUpReport, GroupInfo, LaneReport
from facilitator.texts import group_label, t


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
    def appendix_label(self) -> str:
        """'Bilag 3' as the plan names it, else 'Bilag'."""
        return self.appendix.appendix_label or self("label.default")

    def title(self) -> str:
        if self.appendix.owner:
            return self("owner_title", label=self.appendix_label(), owner=self.appendix.owner)
        return self("title", label=self.appendix_label(), exercises=self.join([ex.title for ex in self.appendix.exercises]))

    def footer(self) -> str:
        """What every printed page carries, before its page number:
        'Bilag 3 · Punkt 3 og 4 · AMK-netværksmøde, 4. februar 2025'."""
        a = self.appendix
        parts = [self.appendix_label(), a.agenda_item, f"{a.meeting}, {self.short_date()}"]
        return " · ".join(p for p in parts if p)

    def short_date(self) -> str:
        day = self.appendix.date
        month = self("months").split(",")[day.month - 1]
        return f"{day.day}. {month} {day.year}" if self.language == "da" else f"{day.day} {month} {day.year}"

    def date(self, day: dt.date | None = None) -> str:
        day = day or self.appendix.date
        weekday = self("weekdays").split(",")[day.weekday()]
        month = self("months").split(",")[day.month - 1]
        return self("date", weekday=weekday, day=day.day, month=month, year=day.year)

    def taking_part(self) -> str:
        """'22 personer i 5 grupper', adding the phones when groups shared them."""
        a = self.appendix
        people = max(a.people_count, a.participant_count)
        said = self("taking_part", people=self.count("people", people), groups=self.count("groups", a.group_count))
        if people != a.participant_count:
            return self("phones", people=said, phones=a.participant_count)
        return said

    def facts(self) -> list[tuple[str, str]]:
        """The label/value lines under the title, like the minutes' header."""
        a = self.appendix
        facts = [(self("label.meeting"), a.meeting)]
        if a.agenda_item:
            facts.append((self("label.agenda_item"), a.agenda_item))
        if a.network:
            facts.append((self("label.network"), a.network))
        facts.append((self("label.date"), self.date()))
        if a.time:
            facts.append((self("label.time"), a.time))
        if a.place:
            facts.append((self("label.place"), a.place))
        if not a.owner:
            facts.append((self("label.participants"), self.taking_part()))
            if a.units:
                facts.append((self("label.units"), self.join(list(a.units))))
            if a.absent_units:
                facts.append((self("label.absent"), self.join(list(a.absent_units))))
        return facts

    # -- groups -------------------------------------------------------------------------
    def group(self, group: GroupInfo | str) -> str:
        if isinstance(group, str):
            found = self.appendix.group(group)
            if found is None:
                return group
            group = found
        return group_label(self.language, group.name, group.number)

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

    def important_intro(self, exercise: ExerciseReport) -> str | None:
        """'Det er vigtigt:' once, when every plenary line reads on from it, in
        the language the lines are written in (see model.plenum_lines)."""
        if exercise.important_intro in ("da", "en") and exercise.plenum_lines:
            return t(exercise.important_intro, "appendix.important")
        return None

    def proposed_by(self, lane: LaneReport) -> str:
        groups = [g for g in (lane.proposed_by, *lane.also_proposed_by) if g]
        return self("proposed_by", group=self.join([self.group(g) for g in groups]))

    def variants(self, entry: Entry) -> list[str]:
        """The other wordings of a line, each with the groups that wrote it."""
        return [
            self("variant_by", text=text, groups=self.groups(groups)) if groups else text
            for text, groups in zip(entry.variants, entry.variant_groups or [()] * len(entry.variants), strict=True)
        ]

    def follow_up_meta(self, follow_up: FollowUpReport, exercise: ExerciseReport) -> list[str]:
        parts = []
        if follow_up.who:
            parts.append(self("follow_up.who", who=follow_up.who))
        if follow_up.due:
            parts.append(self("follow_up.due", due=follow_up.due))
        lane = next((x for x in (*exercise.lanes, *exercise.proposed_lanes) if x.id == follow_up.lane_id), None)
        if lane is not None:
            parts.append(self("follow_up.lane", lane=lane.title))
        return parts

    def dots(self, exercise: ExerciseReport) -> str | None:
        return self.count("dots", exercise.dots) if exercise.dots else None

    def figure_alt(self, exercise: ExerciseReport) -> str:
        counts = "; ".join(f"{name}: {self.count('notes', n)}" for name, n in self.chart_counts(exercise))
        return self(f"figure_alt.{exercise.kind}", exercise=exercise.title, counts=counts)

    def chart_counts(self, exercise: ExerciseReport) -> list[tuple[str, int]]:
        """(label, notes) per lane for the picture; proposed lanes marked as such."""
        counts = [(lane.title, lane.note_count) for lane in exercise.lanes]
        counts += [(f"{lane.title} {self('figure.proposed')}", lane.note_count) for lane in exercise.proposed_lanes]
        return counts
