"""Where in a TOML file a key is written.

`tomllib` gives values but no line numbers, and a facilitator fixing a plan
needs "line 12", not just "lanes[3].title". This is a small scanner that walks
the same text tomllib accepted and records, for every key path, the line where
it first appears: the key itself, its `[table]` header, its `[[array]]` entry,
or the start of an element in an array or inline table.

Key paths are tuples of keys and 0-based array indices, the shape of a
pydantic error location: `("lanes", 2, "title")`.

The scanner only ever runs on text tomllib has parsed, and it must never be
the reason a check fails: on anything it does not understand it keeps what it
found so far, and `line_of` falls back to the nearest enclosing table.
"""

from __future__ import annotations

KeyPath = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every key path written in `text`, mapped to its 1-based line number."""
    scanner = _Scanner(text)
    try:
        scanner.document()
    except (IndexError, ValueError):  # not valid TOML after all: keep what we have
        pass
    return scanner.lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of `path`, or of the nearest enclosing table written in the file
    (so a missing key points at the table that should hold it; line 1 for the
    top level)."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return 1


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        # How many [[...]] entries each array of tables has so far, keyed by
        # its full path (parent indices included), so nested arrays count apart.
        self.array_tables: dict[KeyPath, int] = {}

    # -- characters --

    def peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.text[at] if at < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.pos < len(self.text):
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.advance()

    def skip_comment(self) -> None:
        if self.peek() == "#":
            while self.peek() not in ("\n", ""):
                self.advance()

    def skip_blank(self) -> None:
        """Spaces, newlines and comments (inside arrays, between lines)."""
        while True:
            char = self.peek()
            if char in (" ", "\t", "\r", "\n") and char:
                self.advance()
            elif char == "#":
                self.skip_comment()
            else:
                return

    def skip_line(self) -> None:
        while self.peek() not in ("\n", ""):
            self.advance()

    def record(self, path: KeyPath, line: int) -> None:
        for end in range(1, len(path) + 1):
            self.lines.setdefault(path[:end], line)

    # -- document structure --

    def document(self) -> None:
        while self.pos < len(self.text):
            start = self.pos
            self.skip_blank()
            char = self.peek()
            if char == "[":
                self.header()
            elif char:
                self.key_value(self.table)
            self.skip_spaces()
            self.skip_comment()
            if self.pos == start:  # never loop on something unexpected
                self.skip_line()
                self.advance()

    def header(self) -> None:
        line = self.line
        is_array = self.peek(1) == "["
        self.advance(2 if is_array else 1)
        parts = self.key()
        self.skip_spaces()
        self.advance(2 if is_array else 1)
        resolved: KeyPath = ()
        for index, part in enumerate(parts):
            resolved += (part,)
            if is_array and index == len(parts) - 1:
                count = self.array_tables.get(resolved, 0)
                self.array_tables[resolved] = count + 1
                self.record(resolved, line)
                resolved += (count,)
            elif resolved in self.array_tables:  # [lanes.x] after [[lanes]]: the last entry
                resolved += (self.array_tables[resolved] - 1,)
            self.record(resolved, line)
        self.table = resolved

    def key_value(self, table: KeyPath) -> None:
        line = self.line
        path = table + tuple(self.key())
        self.record(path, line)
        self.skip_spaces()
        if self.peek() != "=":
            raise ValueError("expected '='")
        self.advance()
        self.skip_spaces()
        self.value(path)

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_spaces()
            char = self.peek()
            if char == '"':
                parts.append(self.basic_string())
            elif char == "'":
                parts.append(self.literal_string())
            else:
                start = self.pos
                while self.peek() in _BARE and self.peek():
                    self.advance()
                if self.pos == start:
                    raise ValueError("expected a key")
                parts.append(self.text[start : self.pos])
            self.skip_spaces()
            if self.peek() != ".":
                return parts
            self.advance()

    # -- values --

    def value(self, path: KeyPath) -> None:
        char = self.peek()
        if char == '"':
            self.basic_string()
        elif char == "'":
            self.literal_string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:  # number, bool, date/time: runs to a delimiter
            while self.peek() not in (",", "]", "}", "\n", "#", ""):
                self.advance()

    def array(self, path: KeyPath) -> None:
        self.advance()  # [
        index = 0
        while True:
            self.skip_blank()
            if self.peek() in ("]", ""):
                self.advance()
                return
            self.record(path + (index,), self.line)
            self.value(path + (index,))
            self.skip_blank()
            if self.peek() == ",":
                self.advance()
                index += 1
            elif self.peek() != "]":
                raise ValueError("expected ',' or ']'")

    def inline_table(self, path: KeyPath) -> None:
        self.advance()  # {
        while True:
            self.skip_blank()
            if self.peek() in ("}", ""):
                self.advance()
                return
            self.key_value(path)
            self.skip_blank()
            if self.peek() == ",":
                self.advance()
            elif self.peek() != "}":
                raise ValueError("expected ',' or '}'")

    def basic_string(self) -> str:
        if self.text.startswith('"""', self.pos):
            self.advance(3)
            while not self.text.startswith('"""', self.pos):
                if not self.peek():
                    raise ValueError("unterminated string")
                self.advance(2 if self.peek() == "\\" else 1)
            while self.peek() == '"':  # up to two quotes may end the content
                self.advance()
            return ""
        self.advance()
        out: list[str] = []
        while self.peek() != '"':
            char = self.peek()
            if char in ("", "\n"):
                raise ValueError("unterminated string")
            if char == "\\":
                out.append(self.escape())
            else:
                out.append(char)
                self.advance()
        self.advance()
        return "".join(out)

    def escape(self) -> str:
        self.advance()  # backslash
        char = self.peek()
        if char in ("u", "U", "x"):
            width = {"u": 4, "U": 8, "x": 2}[char]
            digits = self.text[self.pos + 1 : self.pos + 1 + width]
            self.advance(1 + width)
            return chr(int(digits, 16))
        self.advance()
        return _ESCAPES.get(char, char)

    def literal_string(self) -> str:
        if self.text.startswith("'''", self.pos):
            self.advance(3)
            while not self.text.startswith("'''", self.pos):
                if not self.peek():
                    raise ValueError("unterminated string")
                self.advance()
            while self.peek() == "'":
                self.advance()
            return ""
        self.advance()
        start = self.pos
        while self.peek() != "'":
            if self.peek() in ("", "\n"):
                raise ValueError("unterminated string")
            self.advance()
        content = self.text[start : self.pos]
        self.advance()
        return content
