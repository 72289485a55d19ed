"""The in-process server and phone fixtures of tests/server/phones.py, for the
security tests. Re-exported from here, because tests/ has no packages and
tests/server is only on the import path once a test there has been collected."""

from __future__ import annotations

import sys
from pathlib import Path

_SERVER_TESTS = str(Path(__file__).resolve().parents[1] / "server")
if _SERVER_TESTS not in sys.path:
    sys.path.insert(0, _SERVER_TESTS)

from phones import MODULES, STAR, TIMEOUT, Phone, client_dir, joined, make_phone, make_server, server  # noqa: E402

__all__ = ["MODULES", "STAR", "TIMEOUT", "Phone", "client_dir", "joined", "make_phone", "make_server", "server"]
