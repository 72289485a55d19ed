"""The composition root (`facilitator/app.py`): the one place that builds the
running program, and what it hands the server instead of letting it read files."""

from __future__ import annotations

import ast
from pathlib import Path

from plans import make_plan

import facilitator
from facilitator.app import build_server, read_keys
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.wall.secret import sidecar_path

# What only the root builds, and where else a name may appear: the class's own
# module, and `facilitator cards`, a command of its own that opens the journal
# (to print the code) and the table cards' key without running a meeting.
BUILT_BY_THE_ROOT = {
    "SessionServer": {"server/transport/app.py"},
    "GcPacer": {"gc_pacer.py"},
    "pace_collections": {"gc_pacer.py"},
    "LiveSession.open": {"runtime.py", "cli/cards.py"},
    "load_or_create": {"server/wall/secret.py", "server/phone/table_token.py"},
    "table_keys": {"server/phone/table_token.py", "cli/cards.py"},
}


def _called(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


def test_only_the_composition_root_builds_the_session_the_server_and_the_pacer() -> None:
    package = Path(facilitator.__file__).parent
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (name := _called(node)) in BUILT_BY_THE_ROOT:
                found.setdefault(name, set()).add(module)
    assert "app.py" in found["SessionServer"] and "app.py" in found["GcPacer"]  # the check sees the root
    for name, modules in found.items():
        assert modules - {"app.py"} <= BUILT_BY_THE_ROOT[name], f"{name} built outside facilitator/app.py: {modules}"


def test_the_server_opens_no_file_the_root_hands_it_the_keys_kept_beside_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "meeting.sqlite3"
    session = LiveSession.open(journal, make_plan())
    try:
        bare = SessionServer(session, host="127.0.0.1", port=0)
        assert not sidecar_path(journal).exists() and not sidecar_path(journal, ".tables").exists()
        keys = read_keys(session)
        server = build_server(session, keys, host="127.0.0.1", port=0)
        assert server.wall_secret == keys.wall_secret == sidecar_path(journal).read_text().strip()
        assert server.table_keys == keys.table_keys and sidecar_path(journal, ".tables").exists()
        assert bare.wall_secret != server.wall_secret  # without the root's keys: good for one run only
    finally:
        session.close()
