"""Bytes to text for exports: byte-order marks, UTF-16 without a mark, UTF-8, then detection.

Chinese exporters write UTF-8 with a BOM (WeChat Pay, MemoTrace CSV, QQ), plain UTF-8 (MemoTrace
TXT), GBK (Alipay, older QQ and bank CSVs) or UTF-16 (older QQ, bank "XLS" files that are text).
GBK and GB2312 are decoded as GB18030, their superset, so that no character is lost.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from charset_normalizer import from_bytes

from victimkit.errors import EvidenceFileError
from victimkit.i18n import _

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
CHINESE_ALIASES = {"gb2312", "gbk", "gb18030", "hz", "hz_gb_2312", "cp936", "ms936", "euc_cn"}
MAX_TEXT_BYTES = 512 * 1024 * 1024  # larger files are kept as documents, not parsed
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Marks that phones put around names and times, invisible on screen.
INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)


def strip_invisible(s: str) -> str:
    return s.translate(INVISIBLE)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str | None:
    """The encoding of ``data``, or None when it does not look like text at all."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"  # a head cut inside a character
    try:
        data.decode("gb18030")
        looks_gb = True
    except UnicodeDecodeError as exc:
        looks_gb = exc.start >= len(data) - 3
    best = from_bytes(data[: 256 * 1024]).best()
    if best is None:
        return "gb18030" if looks_gb else None
    enc = best.encoding.lower()
    if enc in CHINESE_ALIASES or (
        looks_gb and enc in {"big5", "cp1252", "latin_1", "cp1250", "cp1251"}
    ):
        # charset-normalizer sometimes calls short Chinese text a Western code page.
        return "gb18030" if looks_gb or enc in CHINESE_ALIASES else enc
    return enc


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises ValueError when the bytes are not text."""
    enc = detect_encoding(data)
    if enc is None:
        raise ValueError("not text")
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        text = data.decode(enc, errors="replace")
        enc = f"{enc} (with replacement characters)"
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text or _too_many_controls(text):
        raise ValueError("binary")
    return text, enc


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _too_many_controls(text: str) -> bool:
    sample = text[:100_000]
    return len(_CONTROLS.findall(sample)) > max(2, len(sample) // 100)


def decode_head(head: bytes) -> str | None:
    """Tolerant decoding of a file's first bytes, for recognising its format. None if not text."""
    if not head:
        return None
    enc = detect_encoding(head)
    if enc is None:
        return None
    text = head.decode(enc, errors="ignore")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        return None
    return text


def read_text(path: Path) -> tuple[str, str]:
    """The whole file as text, with the encoding found. EvidenceFileError when it is not text."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise EvidenceFileError(
                path, _("the file is too large to read as a chat or bill export")
            )
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceFileError(
            path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from exc
    try:
        return decode(data)
    except ValueError:
        raise EvidenceFileError(
            path, _("the text encoding could not be recognised; the file is kept as it is")
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines split on CRLF, CR or LF only (not on U+2028 and the other breaks splitlines knows)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_json(path: Path):
    """The whole file as JSON (encoding detected like any text export); a damaged or cut-short
    file gives an EvidenceFileError that says where it breaks."""
    text, encoding = read_text(path)
    try:
        return json.loads(text), encoding
    except json.JSONDecodeError as exc:
        raise EvidenceFileError(
            path,
            _("the JSON is damaged or cut short (line {line}, column {col})").format(
                line=exc.lineno, col=exc.colno
            ),
        ) from exc
