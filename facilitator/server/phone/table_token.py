"""Table cards' group tokens: a URL that puts a phone straight into its group.

A card's QR code holds `/j/<code>?g=<group>.<signature>`. The signature is
an HMAC-SHA256 of the session code and the group id under a per-session key
kept beside the journal (`<journal>.tables`, like the wall's secret): the
join code is printed on the card and shown on the wall, so nobody who knows
it can make another group's link, and a card printed for another meeting
(another key) is refused. The key survives a restart on the same journal,
so cards printed the day before still work.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import Path

from facilitator.server.wall.secret import load_or_create

SUFFIX = ".tables"
PARAMETER = "g"  # the query parameter: short, the QR code stays small
_TOKEN = re.compile(r"^([a-z0-9][a-z0-9_-]{0,39})\.([A-Za-z0-9_-]{22})$")


class BadGroupToken(ValueError):
    """A token that this session did not sign (forged, damaged, or another meeting's card)."""


def _signature(key: str, code: str, group_id: str) -> str:
    mac = hmac.new(key.encode("ascii"), f"stjernestund-table|{code}|{group_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:16]).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class TableKeys:
    """Signs and checks the group tokens of one session."""

    key: str
    code: str

    def token(self, group_id: str) -> str:
        return f"{group_id}.{_signature(self.key, self.code, group_id)}"

    def group_of(self, token: str) -> str:
        """The group a token names, or `BadGroupToken`."""
        match = _TOKEN.match(token)
        if match is None:
            raise BadGroupToken(token[:60])
        group_id, given = match.groups()
        if not hmac.compare_digest(given, _signature(self.key, self.code, group_id)):
            raise BadGroupToken(token[:60])
        return group_id

    def url(self, join_url: str, group_id: str) -> str:
        """The card's URL: the join URL with the group's token."""
        return f"{join_url}?{PARAMETER}={self.token(group_id)}"


def table_keys(journal: Path, code: str) -> tuple[TableKeys, str | None]:
    """The session's keys from the file beside `journal` (made on first use);
    the second value says why the file could not be written, if it could not."""
    stored = load_or_create(journal, SUFFIX)
    return TableKeys(stored.secret, code), stored.problem
