"""`facilitator run --tls-cert/--tls-key/--trusted-proxy` with a wrong file or
value: one clear line in Danish or English, exit 1, no traceback, nothing
listening. (HTTPS that works: tests/deploy/.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_runner import facilitator

from tests.support.certificates import make_certificate


@pytest.fixture
def files(tmp_path: Path) -> Path:
    good = make_certificate(tmp_path / "good", "localhost")
    other = make_certificate(tmp_path / "other", "localhost")
    (tmp_path / "cert.pem").write_bytes(good.cert.read_bytes())
    (tmp_path / "key.pem").write_bytes(good.key.read_bytes())
    (tmp_path / "other-key.pem").write_bytes(other.key.read_bytes())
    (tmp_path / "notes.txt").write_text("not a certificate\n")
    subprocess.run(
        ["openssl", "pkey", "-in", "key.pem", "-aes256", "-passout", "pass:hemmelig", "-out", "locked-key.pem"],
        cwd=tmp_path, check=True, capture_output=True, timeout=30,
    )
    return tmp_path


@pytest.mark.parametrize(
    ("args", "english", "danish"),
    [
        (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key must be given together.", "--tls-cert og --tls-key skal gives sammen."),
        (["--tls-cert", "missing.pem", "--tls-key", "key.pem"], "--tls-cert missing.pem: the file does not exist.", "--tls-cert missing.pem: filen findes ikke."),
        (["--tls-cert", "cert.pem", "--tls-key", "missing.pem"], "--tls-key missing.pem: the file does not exist.", "--tls-key missing.pem: filen findes ikke."),
        (
            ["--tls-cert", "notes.txt", "--tls-key", "key.pem"],
            "--tls-cert notes.txt: the file holds no certificate in PEM format (-----BEGIN CERTIFICATE-----).",
            "--tls-cert notes.txt: der er intet certifikat i PEM-format i filen (-----BEGIN CERTIFICATE-----).",
        ),
        (
            ["--tls-cert", "cert.pem", "--tls-key", "other-key.pem"],
            "--tls-key other-key.pem does not belong to the certificate --tls-cert cert.pem.",
            "--tls-key other-key.pem passer ikke til certifikatet --tls-cert cert.pem.",
        ),
        (
            ["--tls-cert", "cert.pem", "--tls-key", "locked-key.pem"],
            "--tls-key locked-key.pem: the file holds no usable private key in PEM format (a key with a password does not work).",
            "--tls-key locked-key.pem: der er ingen brugbar privat nøgle i PEM-format i filen (en nøgle med adgangskode virker ikke).",
        ),
        (
            ["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "proxy.local"],
            "--trusted-proxy must be an IP address or a network like 10.0.0.0/8 (got proxy.local).",
            "--trusted-proxy skal være en IP-adresse eller et net som 10.0.0.0/8 (fik proxy.local).",
        ),
    ],
)
def test_a_certificate_key_or_proxy_that_cannot_be_used_gets_one_clear_line(files: Path, args: list[str], english: str, danish: str) -> None:
    for language, expected in (("en", english), ("da", danish)):
        result = facilitator("run", "--headless", "--port", "0", "--db", "m.sqlite3", *args, "--lang", language, cwd=files)
        assert (result.returncode, result.stderr) == (1, expected + "\n")
        assert "Join:" not in result.stdout
