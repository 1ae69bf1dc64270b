"""Text helpers shared by the readers of OCR text, messages and exports."""

from __future__ import annotations

import unicodedata


class _NfkcPerChar(dict):
    """``str.translate`` table: each character to its NFKC form when that is one character.

    Filled lazily, so the C loop of ``str.translate`` does the work and Python runs once per
    distinct character.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch)
        value = n if len(n) == 1 else ch
        self[code] = value
        return value


_NFKC_PER_CHAR = _NfkcPerChar()


def nfkc_per_char(text: str) -> str:
    """Full-width digits, letters and colons to ASCII (NFKC per character), keeping the length.

    Offsets found in the result are offsets in ``text``: a character whose NFKC form is longer
    than one character (``½``, ``㈠``) is kept as it is.
    """
    if text.isascii():
        return text
    return text.translate(_NFKC_PER_CHAR)
