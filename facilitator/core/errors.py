"""Domain errors: a stable code for programs, a human message for people."""

from __future__ import annotations

from facilitator.texts import t


class DomainError(Exception):
    """A command the session's rules refuse. Raised before any event exists,
    so a refused command changes nothing."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, language: str = "da") -> str:
        params = dict(self.params)
        reason = params.get("reason")
        if isinstance(reason, str) and reason.startswith("error."):
            params["reason"] = t(language, reason)
        return t(language, f"error.{self.code}", **params)

    def __str__(self) -> str:  # English in logs and tracebacks
        return f"{self.code}: {self.message('en')}"
