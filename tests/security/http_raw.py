"""Raw HTTP on 127.0.0.1, byte for byte as given: no client library cleans
up a path, refuses a method or limits a header. Imported by name from the
security tests (tests/ has no packages)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

TIMEOUT = 5.0
SECURITY_HEADERS = {
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "cache-control",
}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def missing_security_headers(self) -> set[str]:
        return SECURITY_HEADERS - self.headers.keys()


async def exchange(port: int, raw: bytes, timeout: float = TIMEOUT) -> Answer | None:
    """Send `raw`, read until the server closes (or, for a WebSocket that
    opened, to the end of the headers); None if it closed without an answer."""
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        data = b""
        try:
            writer.write(raw)
            await writer.drain()
            while chunk := await reader.read(65536):
                data += chunk
                if data.startswith(b"HTTP/1.1 101 ") and b"\r\n\r\n" in data:
                    break
        except ConnectionError:
            pass
        finally:
            writer.transport.abort()
    if not data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split()[1]), headers, body)


async def request(
    port: int, path: str, *, method: str = "GET", headers: dict[str, str] | None = None, body: bytes = b""
) -> Answer | None:
    headers = headers or {}
    lines = [f"{method} {path} HTTP/1.1"] + ([] if "Host" in headers else [f"Host: 127.0.0.1:{port}"])
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return await exchange(port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
