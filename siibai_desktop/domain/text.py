"""Text normalisation shared by every parser: full-width forms, stray spaces."""

from __future__ import annotations

import unicodedata


def to_half_width(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def squash_spaces(text: str) -> str:
    """Remove every kind of white space, including the ideographic space."""
    return "".join(text.split())  # str.split() splits on exactly the characters isspace() knows


def clean_token(text: str | None) -> str:
    """Half-width, no spaces: the form in which numbers are compared."""
    if text is None:
        return ""
    return squash_spaces(to_half_width(str(text))).replace("\x00", "")


def clean_text(text: str | None) -> str:
    """Typed text as stored: trimmed, without NUL (no database keeps it; PostgreSQL refuses it).

    Names that are looked up (compound, building, tag, staff) must be cleaned before the
    lookup, so that what is found is what would be saved."""
    return (text or "").replace("\x00", "").strip()
