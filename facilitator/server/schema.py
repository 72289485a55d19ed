"""The JSON Schema of every message on the server's two WebSockets, made from
the pydantic models, so a client can be written (and checked) without
reading Python: `python -m facilitator.server.schema > docs/protocol.schema.json`.

A test fails when the committed file differs from what the models make, and
the test suite checks every frame its phones and walls receive against it.
Messages *to* the server are described as the server reads them (a field
with a default may be left out); messages *from* it as it writes them
(every field is always there, `null` where the schema allows it).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from facilitator.server.phone import protocol as phone
from facilitator.server.wall import view as wall

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CHANNELS = {
    "PhoneToServer": (phone.INCOMING, "validation", "A frame a phone sends on /ws."),
    "ServerToPhone": (phone.OUTGOING, "serialization", "A frame the server sends a phone on /ws."),
    "WallToServer": (wall.INCOMING, "validation", "A frame the projector wall sends on /wall-ws."),
    "ServerToWall": (wall.OUTGOING, "serialization", "A frame the server sends the wall on /wall-ws."),
}


def protocol_schema() -> dict[str, Any]:
    """One schema document: `$defs` holds every message, and one entry per
    channel and direction (`#/$defs/ServerToPhone`, ...)."""
    generator = GenerateJsonSchema(ref_template="#/$defs/{model}")
    inputs = [(name, mode, adapter.core_schema) for name, (adapter, mode, _) in CHANNELS.items()]
    entries, definitions = generator.generate_definitions(inputs)  # type: ignore[arg-type]
    for (name, _mode), entry in entries.items():
        definitions[name] = {"description": CHANNELS[name][2], **entry}
    return {
        "$schema": DIALECT,
        "title": f"Stjernestund protocol, version {phone.VERSION}",
        "description": "Every WebSocket frame both ways; docs/protocol.md explains each. "
        "Made by `python -m facilitator.server.schema`; do not edit by hand.",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in CHANNELS],
        "$defs": dict(sorted(definitions.items())),
    }


def render() -> str:
    return json.dumps(protocol_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
