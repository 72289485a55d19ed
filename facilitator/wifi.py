"""The room's Wi-Fi as a QR code payload: one scan joins the phone to the network.

The format is the de facto standard that phone cameras read (ZXing's
"WIFI:" barcode, also in the Wi-Fi Alliance's Easy Connect spec):
`WIFI:T:WPA;S:<name>;P:<password>;;`. In the name and the password the
characters `\\ ; , : "` are escaped with a backslash, or a name such as
`Kaffe;bar` would end the field early.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Security = Literal["WPA", "WEP", "nopass"]
SECURITIES: tuple[Security, ...] = ("WPA", "WEP", "nopass")
_SPECIAL = '\\;,:"'


def escape(text: str) -> str:
    """A name or password as the payload needs it: `\\ ; , : "` get a backslash."""
    return "".join("\\" + char if char in _SPECIAL else char for char in text)


@dataclass(frozen=True)
class WifiNetwork:
    """A network the phones should join first (usually the laptop's hotspot).

    Never stored in the journal: the journal is the meeting's record and may
    be handed on; a password does not belong in it."""

    ssid: str
    password: str = ""
    security: Security = "WPA"
    hidden: bool = False

    def qr_payload(self) -> str:
        """`WIFI:T:…;S:…;P:…;;` — what the QR code holds."""
        security = "nopass" if not self.password else self.security
        parts = [f"T:{security}", f"S:{escape(self.ssid)}"]
        if security != "nopass":
            parts.append(f"P:{escape(self.password)}")
        if self.hidden:
            parts.append("H:true")
        return "WIFI:" + ";".join(parts) + ";;"


def parse_wifi_option(ssid: str, password: str | None) -> WifiNetwork:
    """`--wifi NAME` and `--wifi-password PASSWORD` on the command line."""
    return WifiNetwork(ssid=ssid, password=password or "", security="WPA" if password else "nopass")
