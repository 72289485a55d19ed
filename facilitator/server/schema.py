"""The JSON Schema of every message on the server's two WebSockets, made from
the pydantic models, so a client can be written (and checked) without
reading Python: `python -m facilitator.server.schema > docs/protocol.schema.json`.
With `--fields` it prints the field tables of docs/protocol.md instead.

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

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from facilitator.server.phone import protocol as phone
from facilitator.server.transport import check
from facilitator.server.wall import view as wall

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CHANNELS: dict[str, tuple[TypeAdapter[Any], JsonSchemaMode, str]] = {
    "PhoneToServer": (phone.INCOMING, "validation", "A frame a phone sends on /ws."),
    "ServerToPhone": (phone.OUTGOING, "serialization", "A frame the server sends a phone on /ws."),
    "WallToServer": (wall.INCOMING, "validation", "A frame the projector wall sends on /wall-ws."),
    "ServerToWall": (wall.OUTGOING, "serialization", "A frame the server sends the wall on /wall-ws."),
    "CheckToServer": (check.INCOMING, "validation", "A frame the reachability check page sends on /check-ws."),
    "ServerToCheck": (check.OUTGOING, "serialization", "A frame the server sends the check page on /check-ws."),
}


def protocol_schema() -> dict[str, Any]:
    """One schema document: `$defs` holds every message, and one entry per
    channel and direction (`#/$defs/ServerToPhone`, ...)."""
    generator = GenerateJsonSchema(ref_template="#/$defs/{model}")
    inputs = [(name, mode, adapter.core_schema) for name, (adapter, mode, _) in CHANNELS.items()]
    entries, made = generator.generate_definitions(inputs)
    definitions: dict[str, Any] = {str(key): value for key, value in made.items()}
    for (name, _mode), entry in entries.items():
        definitions[str(name)] = {"description": CHANNELS[str(name)][2], **entry}
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


# -- the field tables of docs/protocol.md ------------------------------------------------------


def field_tables(schema: dict[str, Any] | None = None) -> str:
    """Markdown: for every message and every object in one, each field's JSON
    type, whether it may be left out (to the server) and whether it may be
    null. docs/protocol.md carries this text between its `fields` markers."""
    schema = schema or protocol_schema()
    defs = schema["$defs"]
    lines: list[str] = []
    objects: list[str] = []
    for channel in CHANNELS:
        lines += ["", f"#### {defs[channel]['description']}", ""]
        for ref in messages(schema, channel).values():
            lines += _table(defs, _name(ref), objects, incoming=channel.endswith("ToServer"))
    lines += ["", "#### Objects inside messages", ""]
    done: set[str] = set()
    while objects:
        name = objects.pop(0)
        if name not in done:
            done.add(name)
            lines += _table(defs, name, objects, incoming=False)
    return "\n".join(lines[1:]) + "\n"


def messages(schema: dict[str, Any], channel: str) -> dict[str, str]:
    """The messages of a channel: type -> `$ref` of its definition."""
    entry = schema["$defs"][channel]
    if "discriminator" in entry:
        return dict(entry["discriminator"]["mapping"])
    definition = schema["$defs"][_name(entry["$ref"])]  # a channel of one message
    return {definition["properties"]["type"]["const"]: entry["$ref"]}


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _table(defs: dict[str, Any], name: str, objects: list[str], *, incoming: bool) -> list[str]:
    model = defs[name]
    properties = model["properties"]
    kind = properties.get("type", {}).get("const")
    heading = f"`{kind}` ({name})" if kind else f"<a id=\"{name.lower()}\"></a>{name}"
    rows = [f"**{heading}**", "", "| field | JSON type | may be left out | may be null |", "| --- | --- | --- | --- |"]
    for field, spec in properties.items():
        if field in ("type", "v"):
            continue
        options = spec.get("anyOf", [spec])
        nullable = any(option.get("type") == "null" for option in options)
        shown = " or ".join(_type(defs, option, objects) for option in options if option.get("type") != "null")
        optional = field not in model.get("required", [])
        rows.append(f"| `{field}` | {shown} | {'yes' if optional else 'no'} | {'yes' if nullable else 'no'} |")
    if len(rows) == 4:
        rows.append("| (only `type` and `v`) | | | |")
    return [*rows, ""]


def _type(defs: dict[str, Any], spec: dict[str, Any], objects: list[str]) -> str:
    if "$ref" in spec:
        name = _name(spec["$ref"])
        if "enum" in defs[name]:
            return " \\| ".join(f"`{json.dumps(value)}`" for value in defs[name]["enum"])
        objects.append(name)
        return f"[{name}](#{name.lower()})"
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    if "enum" in spec:
        return " \\| ".join(f"`{json.dumps(value)}`" for value in spec["enum"])
    if spec.get("type") == "array":
        return f"list of {_type(defs, spec['items'], objects)}"
    return str(spec.get("type", "any"))


if __name__ == "__main__":
    sys.stdout.write(field_tables() if sys.argv[1:] == ["--fields"] else render())
