"""A self-signed certificate for the tests of HTTPS, made with the `openssl`
command (installed by `make test`'s `proxy` target where it is missing)."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path

    def client_context(self) -> ssl.SSLContext:
        """A client that trusts this certificate only, and checks the name."""
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(folder: Path, *names: str) -> Certificate:
    """A self-signed certificate (P-256, valid one day) for `names` and 127.0.0.1."""
    openssl = shutil.which("openssl")
    if openssl is None:
        message = "openssl is missing (install it with: make proxy)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    alt = ",".join([*(f"DNS:{name}" for name in names), "IP:127.0.0.1"])
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "1", "-subj", f"/CN={names[0] if names else 'localhost'}", "-addext", f"subjectAltName={alt}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True, capture_output=True, timeout=30,
    )
    return Certificate(cert, key)


