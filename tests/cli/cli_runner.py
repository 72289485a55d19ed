"""Run the installed `facilitator` console script as a user would: a real
subprocess, in a folder of the test's choosing, with a clean language setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FACILITATOR = Path(sys.executable).parent / "facilitator"


def facilitator(
    *args: str, cwd: Path, env: dict[str, str] | None = None, exe: Path = FACILITATOR
) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "STJERNESTUND_LANG"}
    environment.update(env or {})
    return subprocess.run([str(exe), *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60)
