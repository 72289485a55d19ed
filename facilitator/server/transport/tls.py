"""HTTPS and WSS on the meeting's one port, from a certificate and key the
facilitator gives (`--tls-cert`, `--tls-key`).

Loaded once, before anything listens, so a wrong file is one clear line at
start and never a traceback or a phone that cannot connect. The errors carry
a code and parameters only; the command line renders them in da/en.
"""

from __future__ import annotations

import ssl
from pathlib import Path


class TlsError(Exception):
    """The certificate or key cannot be used; `code` names why (cli.run.tls_<code>)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _readable(path: Path, option: str) -> None:
    if not path.is_file():
        raise TlsError("missing", file=path, option=option)
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        raise TlsError("unreadable", file=path, option=option, error=error.strerror or str(error)) from error


def _no_password() -> bytes:
    """An encrypted key would make OpenSSL ask on the terminal: refuse instead."""
    return b""


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server-side TLS context (TLS 1.2 or newer) for `cert` (PEM, the
    chain may follow it) and its private `key` (PEM, without a password).
    Raises `TlsError` with `missing`, `unreadable`, `not_cert`, `bad_key` or
    `mismatch`."""
    _readable(cert, "--tls-cert")
    _readable(key, "--tls-key")
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        probe.load_verify_locations(cafile=str(cert))  # only to tell "not a certificate" from "not a key"
    except ssl.SSLError as error:
        raise TlsError("not_cert", file=cert) from error
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(str(cert), str(key), password=_no_password)
    except ssl.SSLError as error:
        if getattr(error, "reason", None) == "KEY_VALUES_MISMATCH":
            raise TlsError("mismatch", cert=cert, key=key) from error
        raise TlsError("bad_key", file=key) from error
    return context
