"""The fonts every dossier embeds: WenQuanYi Micro Hei (CJK + Latin) and DejaVu Sans Bold.

Both ship in ``resources/fonts/`` with their licences (see ``SOURCES.txt`` there). reportlab
embeds TrueType fonts as subsets, so a PDF carries only the glyphs it uses and prints the same
on any computer. DejaVu Sans Bold has no CJK glyphs: ``emphasis_font`` picks it only for strings
it can draw completely (amounts, account numbers), and the CJK face otherwise.
"""

from __future__ import annotations

import functools
import re

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from victimkit.errors import MissingDependencyError
from victimkit.i18n import _
from victimkit.paths import resource

SANS = "VKSans"  # WenQuanYi Micro Hei, face 0
MONO = "VKMono"  # WenQuanYi Micro Hei Mono, face 1: hashes, accounts
BOLD = "VKBold"  # DejaVu Sans Bold: Latin and digits only

CJK_FILE = "wqy-microhei.ttc"
BOLD_FILE = "DejaVuSans-Bold.ttf"


_RUNS = re.compile(rb"(.)\1*", re.S)


class _TTFont(TTFont):
    """reportlab's TTFont with a quicker ``splitString`` for text whose characters all have
    their subset codes already (nearly every string after the first pages): a dict lookup per
    character and the subset runs found by a regular expression, instead of reportlab's
    per-character loop. The same result; any other text goes reportlab's way."""

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            assigned = state.assignments
            try:
                codes = [assigned[c] for c in map(ord, text)]
            except KeyError:  # a character not yet in a subset (or U+00A0): reportlab's way
                codes = None
            if codes is not None:
                if not codes:
                    return []
                if max(codes) < 256:
                    return [(0, bytes(codes))]
                subset = bytes([n >> 8 for n in codes])
                low = bytes([n & 0xFF for n in codes])
                return [
                    (subset[m.start()], low[m.start() : m.end()]) for m in _RUNS.finditer(subset)
                ]
        return super().splitString(text, doc, encoding)


@functools.cache
def register_fonts() -> tuple[str, str, str]:
    """Register the shipped fonts with reportlab once; returns (sans, mono, bold) names."""
    cjk = resource("fonts", CJK_FILE)
    bold = resource("fonts", BOLD_FILE)
    for path in (cjk, bold):
        if not path.is_file():
            raise MissingDependencyError(
                _("The dossier font {path} is missing; reinstall victimkit.").format(path=path)
            )
    pdfmetrics.registerFont(_TTFont(SANS, str(cjk), subfontIndex=0))
    pdfmetrics.registerFont(_TTFont(MONO, str(cjk), subfontIndex=1))
    pdfmetrics.registerFont(_TTFont(BOLD, str(bold)))
    # <b> in a Paragraph maps to the same CJK face: there is no bold CJK face to embed.
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS, italic=SANS, boldItalic=SANS)
    pdfmetrics.registerFontFamily(MONO, normal=MONO, bold=MONO, italic=MONO, boldItalic=MONO)
    return SANS, MONO, BOLD


@functools.cache
def _bold_glyphs() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(BOLD).face.charToGlyph)


@functools.cache
def _cjk_glyphs() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(SANS).face.charToGlyph)


def emphasis_font(text: str) -> str:
    """The bold Latin face when it can draw all of ``text``, else the CJK face."""
    glyphs = _bold_glyphs()
    return BOLD if all(ord(c) in glyphs or c.isspace() for c in text) else SANS


@functools.cache
def _cjk_chars() -> frozenset[str]:
    return frozenset(chr(cp) for cp in _cjk_glyphs()) | frozenset(" \t\n\r")


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` that the CJK face cannot draw (shown as boxes in the PDF)."""
    if text.isascii() and text.isprintable():
        return set()
    return {c for c in set(text) - _cjk_chars() if not c.isspace()}
