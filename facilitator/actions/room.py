"""The facilitator in charge of the room (issue 14): close the door to
newcomers and open it again, take a participant out (their dots go, their
notes as the facilitator says), and see how many participants each address
holds, flagged above the plan's limit."""

from __future__ import annotations

from facilitator.actions.context import Context, Outcome, usage_error
from facilitator.actions.labels import participant_label, participant_numbers
from facilitator.actions.naming import find_participant
from facilitator.core import commands as cmd
from facilitator.printable import one_line

KEEP_WORDS = frozenset({"keep", "behold"})
DROP_WORDS = frozenset({"drop", "slet"})


def _lock(ctx: Context, words: list[str], rest: str) -> Outcome:
    return Outcome((cmd.LockJoining(True),), (ctx.tr("joining_locked"),))


def _unlock(ctx: Context, words: list[str], rest: str) -> Outcome:
    return Outcome((cmd.LockJoining(False),), (ctx.tr("joining_unlocked"),))


def _remove(ctx: Context, words: list[str], rest: str) -> Outcome:
    """`remove N keep|drop`: the choice about the notes is never a default."""
    if len(words) != 2 or words[1].lower() not in KEEP_WORDS | DROP_WORDS:
        raise usage_error("remove")
    person = find_participant(ctx.state, words[0])
    keep = words[1].lower() in KEEP_WORDS
    who = one_line(participant_label(person, participant_numbers(ctx.state)[person.id], ctx.language))
    line = ctx.tr("participant_removed_kept" if keep else "participant_removed_dropped", who=who)
    return Outcome((cmd.RemoveParticipant(person.id, keep_notes=keep),), (line,))


def address_lines(ctx: Context) -> tuple[str, ...]:
    """One line per address, most participants first; above the plan's
    `participants_per_address` flagged (one shared NAT may be fine: it is
    the facilitator who knows the room)."""
    plan = ctx.state.plan
    limit = plan.participants_per_address if plan is not None else None
    lines = []
    for address, count in ctx.per_address:
        line = ctx.tr("address_line.one" if count == 1 else "address_line.other", address=address, count=count)
        if limit is not None and count > limit:
            line = f"{line}  [{ctx.tr('address_flag', limit=limit)}]"
        lines.append(line)
    return tuple(lines) or (ctx.tr("no_people"),)


def _addresses(ctx: Context, words: list[str], rest: str) -> Outcome:
    locked = ctx.tr("joining_is_locked" if ctx.state.joining_locked else "joining_is_open")
    return Outcome(lines=(locked, *address_lines(ctx)))
