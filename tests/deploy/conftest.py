"""Chromium phones for the deployment tests: Debian's chromium, told (in
these tests only) to accept the test's self-signed certificate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.phonepage import launch_chromium

# The phones' own arguments (tests/support/phonepage.py) and these two.
PROXY_ARGS = [
    "--ignore-certificate-errors",  # the test's own self-signed certificate; never outside a test
    "--host-resolver-rules=MAP moede.localhost 127.0.0.1",  # loopback only, whatever the resolver does
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TIMEOUT_MS = 15_000  # a reconnect backs off up to 4 s, on a busy 2-core machine
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium(PROXY_ARGS)


@pytest.fixture
def phone(browser: Any) -> Iterator[Callable[[], Page]]:
    """New phones (own storage, own connection), Danish."""
    contexts: list[Any] = []

    def new_phone() -> Page:
        context = browser.new_context(locale="da-DK", **PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new_phone
    for context in contexts:
        context.close()
