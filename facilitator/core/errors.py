"""Domain errors: a stable code and its parameters, never a human text.

The core decides *what* went wrong; each shell (phone endpoint, console,
headless) says it in its reader's language with `facilitator.texts.error_text`.
So the core needs no text table, and a new language touches no rule.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command the session's rules refuse. Raised before any event exists,
    so a refused command changes nothing.

    `params` fill the text's placeholders. A `reason` parameter is itself an
    error code (e.g. `merge_reason_self`), rendered before the text it fills.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        """The code and its parameters, for logs and tracebacks: stable and
        greppable, in no language (people see `error_text`)."""
        if not self.params:
            return self.code
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code} ({details})"
