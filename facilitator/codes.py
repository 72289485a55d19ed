"""Session codes and secrets.

A session code is 8 characters of Crockford's base32 (no I, L, O, U): 40
bits of randomness, short enough to type from a projector, read the same in
upper or lower case, and forgiving of O-for-0 and I/L-for-1.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8  # 32**8 == 2**40
_TYPO_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_session_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What the person meant: upper case, no spaces or dashes, look-alikes fixed."""
    cleaned = "".join(ch for ch in typed.upper() if ch not in " -")
    return cleaned.translate(_TYPO_FIXES)


def codes_match(typed: str, code: str) -> bool:
    return hmac.compare_digest(normalise_code(typed).encode(), code.encode())


def new_secret() -> str:
    """A participant's resume secret: random, never derived from their id."""
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    """The journal keeps only a hash of each resume secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret).encode(), secret_hash.encode())


def formatted_code(code: str) -> str:
    """K7M2QX9D as K7M2-QX9D: two halves are easier to read off a wall or a card."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code
