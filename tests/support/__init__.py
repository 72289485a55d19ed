"""Helpers shared by more than one test folder: phones that talk to a real
server over websockets (`phones`), a real console with phones (`console_phones`),
a real Chromium on the phone page and the wall (`phonepage`, `wallpage`).

Their fixtures are registered once, in tests/conftest.py (`pytest_plugins`),
so a test asks for `server` or `phone` by argument and imports only the
plain helpers (`from tests.support.phones import STAR, Phone`)."""
