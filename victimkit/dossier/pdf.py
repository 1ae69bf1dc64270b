"""The police-ready PDF (reportlab platypus).

Page 1 tells an officer who, what, when, how much and to which accounts; the sections after it
follow the checklist in the reference notes (a.2): reporter, incident, loss, transactions,
suspect identifiers, timeline, communications, evidence index, numbered exhibits, actions taken,
acquisition and integrity statement, chain of custody, declaration, appendices.

Every page carries the case ID, "page X of Y" and the short manifest hash. Y, and the page of
each exhibit in the evidence index, are PDF form XObjects filled in when the document is saved,
so the document is laid out once. Only the shipped fonts are used, so all of them are embedded.
"""

from __future__ import annotations

import platform
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import ImageAndFlowables

from victimkit import __version__
from victimkit.analysis.entities import mask
from victimkit.dossier import fonts
from victimkit.dossier.data import DossierData, ExhibitData, parse_time, to_decimal
from victimkit.dossier.labels import Labels
from victimkit.i18n import N_

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN_X = 16 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 17 * mm
GREY = colors.Color(0.86, 0.86, 0.86)
DARK = colors.Color(0.25, 0.25, 0.25)
BLANK_ROWS = 6
COVER_PAYEES = 10
COVER_IDENTIFIERS = 8

_NEEDS_CJK_WRAP = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|\S{26,}")


def image_box(paper: str) -> tuple[float, float]:
    """The largest box (points) an exhibit image may fill: used to size display copies."""
    w, h = PAPERS[paper]
    fw, fh = w - 2 * MARGIN_X, h - MARGIN_TOP - MARGIN_BOTTOM
    return fw, fh - 150


def display_box() -> tuple[float, float]:
    """The largest image box over the paper sizes: display copies sized for it suit them all."""
    boxes = [image_box(p) for p in PAPERS]
    return max(w for w, _h in boxes), max(h for _w, h in boxes)


@dataclass
class PdfContext:
    generated_at: datetime  # aware
    manifest_sha256: str
    verified_at: datetime | None = None
    verified_total: int = 0
    verified_ok: int = 0
    verify_problems: list[str] = field(default_factory=list)
    bundle_name: str | None = None
    tool: str = f"victimkit {__version__}"
    system: str = field(default_factory=lambda: f"{platform.system()} {platform.release()}")
    redaction_log: list[dict] = field(default_factory=list)
    selection_note: str = ""


# ------------------------------------------------------------------ text helpers
def _style(cmds) -> TableStyle:
    """A table style whose cells default to the embedded font (reportlab's default is
    Helvetica, which would be referenced, unembedded, by every empty cell)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SANS), *cmds])


def clean(text) -> str:
    """Escape for Paragraph markup; characters the font lacks become [U+XXXX], never boxes."""
    if text is None:
        return ""
    s = escape(str(text))
    missing = fonts.missing_glyphs(s)
    if missing:
        s = "".join(f"[U+{ord(c):04X}]" if c in missing else c for c in s)
    return s


class Styles:
    def __init__(self):
        sans, mono, bold = fonts.register_fonts()
        self.sans, self.mono, self.bold = sans, mono, bold
        base = ParagraphStyle("vk", fontName=sans, fontSize=9, leading=12.5)
        self.base = base
        self.small = ParagraphStyle("vks", parent=base, fontSize=7.5, leading=9.6)
        self.tiny = ParagraphStyle("vkt", parent=base, fontSize=6.6, leading=8.2)
        self.monos = ParagraphStyle("vkm", parent=base, fontName=mono, fontSize=7, leading=8.6)
        self.monot = ParagraphStyle("vkmt", parent=base, fontName=mono, fontSize=5.8, leading=7)
        self.title = ParagraphStyle(
            "vktitle", parent=base, fontSize=19, leading=24, alignment=TA_CENTER, spaceAfter=2
        )
        self.subtitle = ParagraphStyle(
            "vksub", parent=base, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=6
        )
        self.h1 = ParagraphStyle(
            "vkh1", parent=base, fontSize=13.5, leading=17, spaceBefore=8, spaceAfter=5
        )
        self.h2 = ParagraphStyle(
            "vkh2", parent=base, fontSize=10.5, leading=13.5, spaceBefore=6, spaceAfter=3
        )
        self.box_title = ParagraphStyle("vkbt", parent=base, fontSize=10, leading=13)
        self.big = ParagraphStyle("vkbig", parent=base, fontSize=12, leading=15)
        self.warn = ParagraphStyle(
            "vkwarn",
            parent=base,
            fontSize=8,
            leading=10.5,
            borderColor=colors.black,
            borderWidth=0.6,
            borderPadding=3,
            spaceBefore=4,
            spaceAfter=6,
        )
        self._cjk: dict[str, ParagraphStyle] = {}

    def wrap_for(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        if not _NEEDS_CJK_WRAP.search(text):
            return style
        got = self._cjk.get(style.name)
        if got is None:
            got = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
            self._cjk[style.name] = got
        return got


# ------------------------------------------------------------------ flowables
class PageMark(Flowable):
    """Zero-size marker: records the page it lands on (for the evidence index) and bookmarks.
    With ``outline``, the entry is also listed there (title, level, page), for a document
    whose parts are built apart and joined (``victimkit.dossier.split``)."""

    def __init__(self, key: str, title: str, pages: dict, level: int = 0, outline=None):
        super().__init__()
        self.key, self.title, self.pages, self.level = key, title, pages, level
        self.outline = outline
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        c = self.canv
        page = c.getPageNumber()
        self.pages.setdefault(self.key, page)
        c.bookmarkPage(self.key)
        c.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level == 0)
        if self.outline is not None:
            self.outline.append((self.title, self.level, page))


class QrCode(Flowable):
    """A QR code drawn as black squares (vector, sharp in any print, no font involved)."""

    def __init__(self, payload: str, size: float):
        super().__init__()
        import qrcode

        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
        qr.add_data(payload)
        qr.make(fit=True)
        self.matrix = qr.get_matrix()
        self.width = self.height = size

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        n = len(self.matrix)
        cell = self.width / n
        c = self.canv
        c.setFillColor(colors.black)
        for r, row in enumerate(self.matrix):
            y = self.height - (r + 1) * cell
            run = None
            for col, dark in enumerate([*row, False]):
                if dark and run is None:
                    run = col
                elif not dark and run is not None:
                    c.rect(run * cell, y, (col - run) * cell, cell, stroke=0, fill=1)
                    run = None


_CHAR_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _wide(ch: str) -> bool:
    """A character that may stand at either side of a line break (CJK, full-width forms)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF or 0xF900 <= cp <= 0xFAFF
    ) or 0xFF00 <= cp <= 0xFFEF


def wrap_text(
    text: str,
    font: str,
    size: float,
    width: float,
    first: float | None = None,
    spaces=0.6,
    cjk=False,
) -> list[str]:
    """Break one paragraph (no newlines) into lines no wider than ``width`` (the first line:
    ``first``), greedily. Without ``cjk``, a line breaks after its last space when that space
    lies past the fraction ``spaces`` of the line, else between any two characters. With
    ``cjk``, as reportlab's CJK wrapping: after a space or beside a Chinese character, a Latin
    word kept whole unless it is longer than a line. Widths come from the font's metrics."""
    avail = width if first is None else first
    if not text or stringWidth(text, font, size) <= avail:
        return [text or ""]
    cw = _CHAR_WIDTHS.setdefault((font, size), {})
    out: list[str] = []
    line: list[str] = []
    w, last_break = 0.0, -1
    for ch in text:
        x = cw.get(ch)
        if x is None:
            x = cw[ch] = stringWidth(ch, font, size)
        if cjk and line and (_wide(ch) or _wide(line[-1]) or line[-1] == " "):
            last_break = len(line)  # a break may come before ch
        if w + x > avail and line:
            if cjk:
                cut = last_break if last_break > 0 else len(line)
            else:
                cut = last_break + 1 if last_break > len(line) * spaces else len(line)
            out.append("".join(line[:cut]))
            line = line[cut:]
            w = sum(cw[c] for c in line)
            last_break = -1
            avail = width
        if ch == " " and not cjk:
            last_break = len(line)
        line.append(ch)
        w += x
    out.append("".join(line))
    return out


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``wrap_text`` for each line of a text that may hold newlines: Chinese (or a long
    unbroken token) as reportlab's CJK wrapping does, other text at spaces."""
    out: list[str] = []
    for para in str(text).split("\n"):
        if _NEEDS_CJK_WRAP.search(para):
            out += wrap_text(para, font, size, width, cjk=True)
        else:
            out += wrap_text(para, font, size, width, spaces=0.0)
    return out


def _text_out(tx, text: str) -> None:
    """``tx.textOut(text)`` without moving the text cursor across (which measures the text):
    every line here is placed with setTextOrigin. The same PDF operators."""
    tx._code.append(tx._formatText(text))


class Lines(Flowable):
    """Many short entries (chat messages, OCR lines) set as plain wrapped lines: a label in
    small grey type, then the text, continuation lines indented. Much lighter than one
    Paragraph per entry (a 10,000-message chat is hundreds of pages), and splittable across
    pages. Text is drawn left to right, line by line, so it extracts in reading order."""

    def __init__(self, entries, *, font, size, label_size, leading, indent=10, lines=None):
        super().__init__()
        self.entries = entries  # [(label, text)]
        self.font, self.size, self.label_size = font, size, label_size
        self.leading, self.indent = leading, indent
        self._lines = lines  # [(label or None, label width, text)] once laid out
        self._aw = None

    def _layout(self, aw: float) -> list:
        out = []
        font, size = self.font, self.size
        for label, text in self.entries:
            lw = stringWidth(label, font, self.label_size) + 3 if label else 0
            first = True
            for para in (text or "").split("\n"):
                for line in wrap_text(
                    para, font, size, aw - self.indent, aw - lw if first else None
                ):
                    out.append((label, lw, line) if first else (None, 0, line))
                    first = False
        return out

    def wrap(self, aw, ah):
        if self._lines is None:
            self._lines = self._layout(aw)
            self._aw = aw
        self.width = aw
        self.height = len(self._lines) * self.leading
        return aw, self.height

    def split(self, aw, ah):
        self.wrap(aw, ah)
        n = int(ah // self.leading)
        if n <= 0:
            return []
        if n >= len(self._lines):
            return [self]
        kw = dict(
            font=self.font,
            size=self.size,
            label_size=self.label_size,
            leading=self.leading,
            indent=self.indent,
        )
        a = Lines(self.entries, lines=self._lines[:n], **kw)
        b = Lines(self.entries, lines=self._lines[n:], **kw)
        a._aw = b._aw = aw
        return [a, b]

    def draw(self):
        # one text object for all the lines: far cheaper than a drawString per line
        c = self.canv
        tx = c.beginText()
        y = self.height - self.size
        for label, lw, text in self._lines:
            if label is not None:
                if label:
                    tx.setFillColor(DARK)
                    tx.setFont(self.font, self.label_size)
                    tx.setTextOrigin(0, y)
                    _text_out(tx, label)
                    tx.setFillColor(colors.black)
                tx.setFont(self.font, self.size)
                tx.setTextOrigin(lw, y)
            else:
                tx.setTextOrigin(self.indent, y)
            _text_out(tx, text)
            y -= self.leading
        c.drawText(tx)


class Notice(Flowable):
    """A boxed notice: each language's text on its own lines, inside a thin black border.
    The same notice stands on hundreds of exhibit pages, so its layout is computed once."""

    _cache: ClassVar[dict] = {}

    def __init__(self, texts: list[str], *, font, size=8, leading=10.5, pad=3, before=4, after=6):
        super().__init__()
        self.texts, self.font, self.size, self.leading, self.pad = texts, font, size, leading, pad
        self.spaceBefore, self.spaceAfter = before, after

    def wrap(self, aw, ah):
        key = (tuple(self.texts), self.font, self.size, aw)
        lines = self._cache.get(key)
        if lines is None:
            lines = self._cache[key] = [
                line
                for text in self.texts
                for line in wrap_lines(text, self.font, self.size, aw - 2 * self.pad)
            ]
        self._lines = lines
        self.width = aw
        self.height = len(lines) * self.leading + 2 * self.pad
        return aw, self.height

    def draw(self):
        c = self.canv
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height)
        tx = c.beginText()
        tx.setFont(self.font, self.size)
        y = self.height - self.pad - self.size
        for line in self._lines:
            tx.setTextOrigin(self.pad, y)
            _text_out(tx, line)
            y -= self.leading
        c.drawText(tx)


def plain(text) -> str:
    """Text for direct drawing: characters the font lacks become [U+XXXX]."""
    s = "" if text is None else str(text)
    missing = fonts.missing_glyphs(s)
    if missing:
        s = "".join(f"[U+{ord(c):04X}]" if c in missing else c for c in s)
    return s


class FormRef(Flowable):
    """Draws a form XObject whose content (a page number) is known only at save time."""

    def __init__(self, name: str, width: float = 24, height: float = 8):
        super().__init__()
        self.name, self.width, self.height = name, width, height

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        self.canv.doForm(self.name)


@dataclass(frozen=True)
class Styled:
    """Table cell text in a style of its own (``DossierBuilder.table`` wraps and sets it)."""

    text: str
    style: ParagraphStyle


PAGE_FORM_W = 240


@dataclass
class Resolution:
    """What a document's page-number and page-reference forms say, known once it is laid out.
    A part of a dossier built apart (``victimkit.dossier.split``) numbers its pages in the
    whole: ``number`` maps a page of this document to its number in the dossier."""

    total: int  # pages of the whole dossier
    pages: dict  # mark key -> page in the whole dossier
    footer: str  # the footer's left line (case ID and short manifest hash)
    offset: int = 0  # pages of the whole before this document's pages from ``after`` on
    after: int = 0  # this document's pages up to here are numbered as they are

    def number(self, n: int) -> int:
        return n if n <= self.after else n + self.offset


def deferred_canvas(font: str, resolve, forms: dict[str, str], page_text, page_width: float):
    """A canvas class that defines the page-number, page-reference and footer forms at save
    time: ``resolve(pages in this document)`` says what they hold."""

    class DossierCanvas(Canvas):
        def __init__(self, *args, **kw):
            kw["initialFontName"] = font  # else Helvetica, which is not embedded, is referenced
            kw.setdefault("initialFontSize", 9)
            super().__init__(*args, **kw)

        def drawString(self, x, y, text, mode=None, charSpace=0, direction=None, **kw):
            """Canvas.drawString's operators, written directly in the plain case (no render
            mode, spacing, direction or shaping; a TrueType font; bottom-up), the case of every
            table cell: reportlab measures the string and builds a text object for each."""
            font = _dynamic_font(self._fontname)
            if (
                font is None
                or mode is not None
                or charSpace
                or direction
                or kw.get("wordSpace")
                or kw.get("shaping")
                or not self.bottomup
                or type(text) is not str
            ):
                return super().drawString(x, y, text, mode, charSpace, direction, **kw)
            doc, escape = self._doc, self._escape
            out, cur, tmpl = [], -1, None
            for subset, t in font.splitString(text, doc):
                if subset != cur:
                    if tmpl is None:
                        tmpl = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
                    out.append(f"{font.getSubsetInternalName(subset, doc)} {tmpl}")
                    cur = subset
                out.append(f"({escape(t)}) Tj")
            self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {' '.join(out)} T* ET")

        def save(self):
            local = self.getPageNumber() - 1
            r = resolve(local)
            for n in range(1, local + 1):
                self._define(f"vk_page_{n}", page_text(r.number(n), r.total), right=True)
            for form, key in forms.items():
                self._define(form, str(r.pages.get(key, "—")))
            self.beginForm(FOOTER_FORM, lowerx=0, lowery=-4, upperx=page_width, uppery=12)
            self.setFont(font, 7)
            self.drawString(0, 1, r.footer)
            self.endForm()
            super().save()

        def _define(self, name, text, right=False):
            self.beginForm(
                name, lowerx=-PAGE_FORM_W if right else 0, lowery=0, upperx=60, uppery=12
            )
            self.setFont(font, 7)
            if right:
                self.drawRightString(0, 1, text)
            else:
                self.drawString(0, 1, text)
            self.endForm()

    return DossierCanvas


FOOTER_FORM = "vk_footer"


def _dynamic_font(name: str):
    """The TrueType font registered as ``name`` (None for any other kind)."""
    font = getFont(name)
    return font if font._dynamicFont else None


PARTS = ("all", "main", "exhibits")


# ------------------------------------------------------------------ the builder
class DossierBuilder:
    """Lays out and writes the dossier. ``part``: "all", the whole document; "main", all but
    its first ``first_exhibit`` exhibits, which another process builds as the part "exhibits"
    (from a DossierData holding just those) and ``split.join`` puts in after the evidence
    index. ``resolver``: for a part, how its pages are numbered in the whole (``Resolution``)."""

    def __init__(
        self,
        data: DossierData,
        ctx: PdfContext | None,
        *,
        lang: str,
        paper: str,
        part: str = "all",
        first_exhibit: int = 0,
    ):
        if part not in PARTS:
            raise ValueError(f"part must be one of {PARTS}")
        self.part = part
        self.first_exhibit = first_exhibit if part == "main" else 0
        self.outline: list[tuple[str, int, int]] = []  # (title, level, page) as drawn
        self.resolver = None  # builder, pages in this document -> Resolution
        self.d = data
        self.ctx = ctx
        self.t = Labels(lang)
        self.lang = lang
        self.paper = paper
        self.pagesize = PAPERS[paper]
        self.s = Styles()
        self.fw = self.pagesize[0] - 2 * MARGIN_X
        self.fh = self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM
        self.pages: dict[str, int] = {}
        self.forms: dict[str, str] = {}
        self.story: list = []
        self._scam_types: tuple[list[str], bool] | None = None
        self._flag_rows: list | None = None
        self._exhibit_story: list | None = None
        self._early: dict[str, list] = {}  # sections built by prepare()
        self._index: tuple[list, list] | None = None
        self.case_id = data.case.get("id", "")
        self.id_number = data.id_number()
        self.masked_id = (
            self.id_number
            if data.show_id_number or not self.id_number
            else mask(self.id_number, "resident_id")
            if len(self.id_number) == 18
            else _mask_generic(self.id_number)
        )

    # --------------------------------------------------------------- helpers
    def p(self, text, style=None, *, raw=False) -> Paragraph:
        style = style or self.s.base
        body = text if raw else clean(self.redact_id(text))
        return Paragraph(body, self.s.wrap_for(style, body))

    def redact_id(self, text) -> str:
        if text is None:
            return ""
        text = str(text)
        if self.id_number and not self.d.show_id_number and self.id_number in text:
            text = text.replace(self.id_number, self.masked_id)
        return text

    def ps(self, msgid: str, style=None, **kw) -> list[Paragraph]:
        """A sentence in the dossier's language(s): one paragraph per language."""
        return [self.p(s, style) for s in self.t.fmt(msgid, **kw)]

    def heading(self, number: str, msgid: str) -> list:
        title = f"{number}  {self.t(msgid)}" if number else self.t(msgid)
        key = f"sec-{number or msgid}"
        return [
            CondPageBreak(120),
            PageMark(key, title, self.pages, level=0, outline=self.outline),
            self.p(title, self.s.h1),
            HRule(self.fw),
        ]

    def time(self, value, *, seconds: bool = True) -> str:
        dt = parse_time(value)
        if dt is None:
            return ""
        local = dt.astimezone(self.d.zone)
        off = local.strftime("%z")
        off = f"{off[:3]}:{off[3:]}" if off else ""
        return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") + f" {off}"

    def utc(self, value) -> str:
        dt = parse_time(value)
        return dt.strftime("%Y-%m-%d %H:%M:%S UTC") if dt else ""

    def money(self, amount, currency: str | None = None) -> str:
        value = to_decimal(amount)
        if value is None:
            return str(amount or "")
        return f"{(currency or 'CNY').upper()} {abs(value):,.2f}"

    def none_recorded(self, msgid: str = N_("None recorded.")) -> list:
        return self.ps(msgid, self.s.small)

    def table(self, rows, widths, *, header=True, style=None, font=None, repeat=1, extra=()):
        """rows: lists of str | Styled | Flowable. Strings are wrapped here, by the font's
        metrics, and drawn by the table as lines: no Paragraph to parse and wrap per cell."""
        st = style or self.s.small
        nrows, ncols = len(rows), len(widths)
        spans = {}
        for cmd in extra:
            if cmd[0] == "SPAN":
                (c0, r0), (c1, _r1) = cmd[1], cmd[2]
                c0, c1 = c0 % ncols, c1 % ncols
                spans[(r0 % nrows, c0)] = sum(widths[c0 : c1 + 1])
        cell_cmds = []

        def cell(c, w, r, col):
            if isinstance(c, Flowable):
                return c
            w = spans.get((r, col), w)
            room = w - 5.5
            if isinstance(c, Styled):
                cs = c.style
                text = plain(self.redact_id(c.text))
                font, size, leading = cs.fontName, cs.fontSize, cs.leading
                cell_cmds.append(("FONT", (col, r), (col, r), font, size, leading))
            else:
                text = plain(self.redact_id(c))
                font, size = st.fontName, st.fontSize
            if "\n" not in text and (
                len(text) * size <= room  # no glyph is wider than the font size
                or stringWidth(text, font, size) <= room
            ):
                return text
            return "\n".join(wrap_lines(text, font, size, room))

        body = [
            [cell(c, w, r, col) for col, (c, w) in enumerate(zip(row, widths, strict=False))]
            for r, row in enumerate(rows)
        ]
        tbl = Table(body, colWidths=widths, repeatRows=repeat if header else 0)
        cmds = [
            ("FONTSIZE", (0, 0), (-1, -1), st.fontSize),
            ("LEADING", (0, 0), (-1, -1), st.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), GREY))
        cmds.extend(cell_cmds)
        cmds.extend(extra)
        tbl.setStyle(_style(cmds))
        return tbl

    def kv(self, pairs, widths=(0.28, 0.72), style=None) -> Table:
        rows = [[self.t(k), v] for k, v in pairs]
        w = [self.fw * widths[0], self.fw * widths[1]]
        return self.table(
            rows,
            w,
            header=False,
            style=style or self.s.small,
            extra=[("BACKGROUND", (0, 0), (0, -1), GREY)],
        )

    def warn(self, msgid: str) -> Notice:
        """A boxed notice, every language in one box."""
        w = self.s.warn
        texts = [plain(x) for x in self.t.texts(msgid)]
        return Notice(texts, font=w.fontName, size=w.fontSize, leading=w.leading)

    def mono(self, text, style=None) -> Paragraph:
        return self.p(text, style or self.s.monos)

    def cmono(self, text, style=None) -> Styled:
        """Monospaced text for a table cell (hashes, paths, transaction numbers)."""
        return Styled(str(text or ""), style or self.s.monos)

    def emph(self, text, size=9.5, fit: float | None = None) -> Paragraph:
        """Bold when the Latin bold face can draw it (account numbers, amounts); with ``fit``,
        the size shrinks (to 6.5 at least) until the text fits that width on one line."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        text = self.redact_id(text)
        font = fonts.emphasis_font(text)
        if fit:
            while size > 6.5 and stringWidth(text, font, size) > fit - 6:
                size -= 0.5
        style = ParagraphStyle(
            f"emph{size}{font}", parent=self.s.base, fontName=font, fontSize=size, leading=size + 3
        )
        return self.p(text, style)

    def type_name(self, type_id: str) -> str:
        name = self.d.type_names.get(type_id)
        return self.type_name_from(name) if name else type_id

    def speaker(self, who: str | None) -> str:
        if not who:
            return ""
        names = {
            "other": N_("Other party"),
            "self": N_("Me"),
            "system": N_("System"),
        }
        return self.t(names.get(who, who)) if who in names else who

    def source_label(self, source: str | None) -> str:
        names = {
            "exif": N_("EXIF (camera/phone metadata)"),
            "file_mtime": N_("file modification time"),
            "filename": N_("file name"),
            "content": N_("time shown in the image"),
            "in_image": N_("time shown in the image"),
            "receipt": N_("receipt / bill time"),
            "file_metadata": N_("file metadata"),
            "import": N_("import time"),
            "chat_export": N_("chat export time stamp"),
            "person": N_("entered by the person"),
        }
        if not source:
            return self.t(N_("unknown"))
        return self.t(names[source]) if source in names else source

    # --------------------------------------------------------------- page frame
    def on_page(self, canv: Canvas, doc) -> None:
        w, h = self.pagesize
        canv.saveState()
        canv.setFont(self.s.sans, 7)
        canv.setFillColor(colors.black)
        title = self.t(N_("Fraud report: evidence dossier"))
        canv.drawString(MARGIN_X, h - 11 * mm, f"{self.t(N_('Case'))} {self.case_id}  ·  {title}")
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, h - 12.5 * mm, w - MARGIN_X, h - 12.5 * mm)
        canv.line(MARGIN_X, 12.5 * mm, w - MARGIN_X, 12.5 * mm)
        y = 8.5 * mm
        # the line with the manifest's hash is a form filled in at save time: a part built
        # in another process (split.py) is laid out before the manifest is made
        canv.saveState()
        canv.translate(MARGIN_X, y - 1)
        canv.doForm(FOOTER_FORM)
        canv.restoreState()
        canv.setFont(self.s.sans, 6)
        canv.drawString(
            MARGIN_X, y - 8, f"{self.t(N_('generated'))} {self.time(self.ctx.generated_at)}"
        )
        canv.saveState()
        canv.translate(w - MARGIN_X, y - 1)
        canv.doForm(f"vk_page_{canv.getPageNumber()}")
        canv.restoreState()
        canv.restoreState()

    def footer_text(self, manifest_sha256: str) -> str:
        return (
            f"{self.t(N_('Case'))} {self.case_id}  ·  "
            f"{self.t(N_('manifest SHA-256'))} {manifest_sha256[:16]}…"
        )

    def resolve(self, local_pages: int) -> Resolution:
        """The forms' contents once this document is laid out (``local_pages`` long)."""
        if self.resolver is not None:
            return self.resolver(self, local_pages)
        return Resolution(
            total=local_pages, pages=self.pages, footer=self.footer_text(self.ctx.manifest_sha256)
        )

    def page_text(self, n: int, total: int) -> str:
        return " · ".join(
            s.format(n=n, total=total) for s in self.t.texts(N_("page {n} of {total}"))
        )

    # --------------------------------------------------------------- sections
    def prepare(self) -> None:
        """Build the exhibits' pages, the bulk of the story, and the sections that use neither
        the manifest's hash nor the red flags (1, 3-8) ahead of the rest: the export builds
        them while those are being made. Long transcripts are laid out now too."""
        if self._exhibit_story is not None:
            return
        if self.part != "exhibits":
            # the sections that need neither the red flags nor the manifest, built now too
            self._early = {
                "reporter": self.reporter(),
                "loss": self.loss(),
                "transactions": self.transactions(),
                "identifiers": self.identifiers(),
                "timeline": self.timeline(),
                "communications": self.communications(),
            }
            self._index = self.evidence_index_parts()
        self._exhibit_story = self.exhibits(
            self.first_exhibit, page_break_first=self.part != "exhibits"
        )
        aw = Frame(0, 0, self.fw, self.fh)._aW  # the body frame's width inside its padding
        for f in self._exhibit_story:
            if isinstance(f, Lines):
                f.wrap(aw, self.fh)

    def build(self, out: Path, ctx: PdfContext | None = None) -> int:
        if ctx is not None:
            self.ctx = ctx
        # binary streams: ASCII85 would make the file larger, and without reportlab's optional
        # C accelerator it is encoded in pure Python (seconds for a few images)
        rl_config.useA85 = 0
        doc = BaseDocTemplate(
            str(out),
            pagesize=self.pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{self.t(N_('Fraud report: evidence dossier'))} {self.case_id}",
            author="victimkit",
            subject=f"case {self.case_id}; manifest-sha256 {self.ctx.manifest_sha256}",
            keywords=f"victimkit-manifest-sha256:{self.ctx.manifest_sha256}",
            creator=self.ctx.tool,
            pageCompression=1,
            invariant=0,
            lang="zh-CN" if self.lang == "zh" else "en",
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, self.fw, self.fh, id="body", showBoundary=0)
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=self.on_page)])
        self.prepare()
        story = self.story
        if self.part != "exhibits":
            story += self.cover()
            story.append(PageBreak())
            early = self._early
            story += early["reporter"]
            story += self.incident()
            for name in ("loss", "transactions", "identifiers", "timeline", "communications"):
                story += early[name]
            story += self.evidence_index()
        story += self._exhibit_story
        if self.part != "exhibits":
            story.append(PageBreak())
            story += self.actions()
            story += self.integrity()
            story += self.custody()
            story += self.declaration()
            story += self.appendices()
        doc.build(
            story,
            canvasmaker=deferred_canvas(
                self.s.sans, self.resolve, self.forms, self.page_text, self.pagesize[0]
            ),
        )
        return doc.page

    def gap_key(self) -> str:
        """For the part "main": the mark on the first page after the place where the other
        part's pages go."""
        rest = self.d.exhibits[self.first_exhibit :]
        return f"ex-{rest[0].label}" if rest else "sec-10"

    # ---- cover
    def cover(self) -> list:
        t, s, d, ctx = self.t, self.s, self.d, self.ctx
        out: list = [PageMark("cover", t(N_("Cover")), self.pages, outline=self.outline)]
        for line in t.texts(N_("Fraud report: evidence dossier")):
            out.append(
                self.p(
                    line,
                    s.title
                    if line == t.texts(N_("Fraud report: evidence dossier"))[0]
                    else s.subtitle,
                )
            )
        gen = ctx.generated_at
        out.append(
            self.kv(
                [
                    (N_("Case ID"), self.emph(self.case_id, 10)),
                    (
                        N_("Generated"),
                        f"{self.time(gen)}  ({self.utc(gen)})",
                    ),
                    (N_("Tool"), f"{ctx.tool} · {ctx.system}"),
                ]
            )
        )
        out.append(Spacer(1, 5))
        first, last = d.date_range()
        losses = d.total_loss()
        loss_text = "; ".join(self.money(v, k) for k, v in losses.items()) or t(N_("none recorded"))
        types, confirmed = self.scam_types()
        if types:
            scam = "; ".join(self.type_name(x) for x in types) + (
                "" if confirmed else "  (" + t(N_("suggested by victimkit, not confirmed")) + ")"
            )
        else:
            scam = t(N_("not recorded"))
        period = (
            f"{self.time(first, seconds=False)} — {self.time(last, seconds=False)}"
            if first
            else t(N_("not recorded"))
        )
        facts = [
            (N_("Victim"), d.case.get("victim_name") or t(N_("not recorded"))),
            (N_("Contact"), d.case.get("victim_contact") or t(N_("not recorded"))),
        ]
        if self.id_number:
            facts.append((N_("ID number"), self.masked_id))
        facts += [
            (N_("Incident period"), period),
            (N_("Total loss"), self.emph(loss_text, 12)),
            (N_("Payments"), str(len(d.losses))),
            (N_("Scam type"), scam),
            (N_("Report to"), d.case.get("country") or ""),
        ]
        out.append(self.kv(facts))
        out.append(Spacer(1, 6))
        out.append(self.payee_box(limit=COVER_PAYEES))
        out.append(Spacer(1, 6))
        out += self.cover_identifiers()
        out.append(Spacer(1, 6))
        out.append(self.reference_boxes())
        out.append(Spacer(1, 6))
        out.append(self.integrity_strip())
        out.append(Spacer(1, 4))
        out += self.ps(
            N_(
                "Prepared by the victim with victimkit. This is not a police extraction record. The original files are in the accompanying evidence bundle; the original device is kept unmodified at: ______________________"
            ),
            s.tiny,
        )
        return out

    def payee_box(self, *, limit: int | None = None) -> Table:
        t, s = self.t, self.s
        payees = self.d.payees()
        title = self.p(t(N_("Payee accounts — for stop-payment and freezing")), s.box_title)
        header = [
            "#",
            t(N_("Payee account")),
            t(N_("Payee name")),
            t(N_("Bank / platform")),
            t(N_("Amount")),
            t(N_("Time")),
            t(N_("Transaction no.")),
            t(N_("Exhibit")),
        ]
        fw = self.fw
        widths = [0.035, 0.245, 0.105, 0.115, 0.15, 0.12, 0.17, 0.06]
        widths = [fw * x for x in widths]
        rows: list = [[title] + [""] * 7, header]
        shown = payees if limit is None else payees[:limit]
        for i, p in enumerate(shown, 1):
            rows.append(
                [
                    str(i),
                    self.emph(p.get("payee_account") or "—", 9, fit=widths[1]),
                    p.get("payee_name") or "",
                    p.get("payee_bank") or p.get("payment_method") or "",
                    self.emph(self.money(p.get("amount"), p.get("currency")), 8.5, fit=widths[4]),
                    self.time(p.get("occurred_at")),
                    self.cmono(p.get("order_number") or p.get("merchant_order_number") or ""),
                    self.exhibit_ref(p.get("evidence_id")),
                ]
            )
        if not shown:
            rows.append([self.p(t(N_("None recorded.")), s.small)] + [""] * 7)
        elif limit is not None and len(payees) > limit:
            more = t(N_("and {n} more — see section 4")).format(n=len(payees) - limit)
            rows.append([self.p(more, s.small)] + [""] * 7)
        extra = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BOX", (0, 0), (-1, -1), 1.6, colors.black),
            ("BACKGROUND", (0, 1), (-1, 1), GREY),
            ("BACKGROUND", (0, 0), (-1, 0), colors.white),
        ]
        if not shown or (limit is not None and len(payees) > limit):
            extra.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        return self.table(rows, widths, header=False, extra=extra, repeat=2)

    def exhibit_ref(self, evidence_id) -> str:
        if not evidence_id:
            return ""
        ids = evidence_id if isinstance(evidence_id, list | tuple) else [evidence_id]
        return ", ".join(f"E-{int(i):03d}" for i in ids if str(i).isdigit() or isinstance(i, int))

    def cover_identifiers(self) -> list:
        t = self.t
        ids = self.d.identifiers
        out = [self.p(t(N_("Suspect identifiers")), self.s.box_title)]
        if not ids:
            return out + self.none_recorded()
        shown = ids[:COVER_IDENTIFIERS]
        rows = [[t(N_("Type")), t(N_("Value")), t(N_("Seen in"))]]
        for i in shown:
            rows.append(
                [
                    self.kind_label(i.get("kind")),
                    self.emph(i.get("value") or "", 8.5),
                    self.exhibit_ref(i.get("evidence_ids") or i.get("evidence_id")),
                ]
            )
        if len(ids) > len(shown):
            rows.append(
                [t(N_("and {n} more — see section 5")).format(n=len(ids) - len(shown)), "", ""]
            )
        w = [self.fw * 0.2, self.fw * 0.6, self.fw * 0.2]
        extra = [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1))] if len(ids) > len(shown) else []
        return [*out, self.table(rows, w, extra=extra)]

    def kind_label(self, kind: str | None) -> str:
        names = {
            "phone": N_("Phone number"),
            "phone_masked": N_("Phone number (partly hidden)"),
            "service_number": N_("Service number"),
            "bank_card": N_("Bank card / account"),
            "payee_account": N_("Payee account"),
            "payee_name": N_("Payee name"),
            "resident_id": N_("ID number"),
            "wechat_id": N_("WeChat ID"),
            "qq": N_("QQ number"),
            "douyin_id": N_("Douyin ID"),
            "alipay": N_("Alipay account"),
            "email": N_("E-mail"),
            "url": N_("Web address"),
            "domain": N_("Domain"),
            "crypto_tron": N_("Crypto address (TRON)"),
            "crypto_eth": N_("Crypto address (Ethereum)"),
            "crypto_btc": N_("Crypto address (Bitcoin)"),
        }
        if not kind:
            return ""
        return self.t(names[kind]) if kind in names else kind.replace("_", " ")

    def reference_boxes(self) -> Table:
        t = self.t
        refs = self.d.references
        items = [
            ("police", N_("Police report receipt / 110 incident no.")),
            ("ic3", N_("IC3 complaint ID")),
            ("ftc", N_("FTC report number")),
            ("report_fraud", N_("Report Fraud crime reference no.")),
            ("bank", N_("Bank case / dispute no.")),
            ("platform", N_("Platform ticket no.")),
        ]
        cells = []
        for key, label in items:
            value = refs.get(key) or ""
            cells.append(
                [
                    self.p(t(label), self.s.tiny),
                    self.emph(str(value), 9) if value else Spacer(1, 14),
                ]
            )
        rows = [cells[0:3], cells[3:6]]
        w = self.fw / 3
        tbl = Table(rows, colWidths=[w] * 3, rowHeights=[34, 34])
        tbl.setStyle(
            _style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        title = self.p(t(N_("Reference numbers (fill in when you receive them)")), self.s.box_title)
        return KeepTogether([title, tbl])

    def verified_line(self) -> str:
        ctx = self.ctx
        if ctx.verified_at is None:
            return self.t(N_("hashes were not re-verified for this export"))
        return self.t(N_("verified at {time}: {ok}/{total} match")).format(
            time=self.time(ctx.verified_at), ok=ctx.verified_ok, total=ctx.verified_total
        )

    def integrity_strip(self) -> Table:
        t, ctx = self.t, self.ctx
        payload = f"victimkit case={self.case_id} manifest-sha256={ctx.manifest_sha256}"
        size = 78
        drawing = QrCode(payload, size)
        bundle = ctx.bundle_name or t(N_("no bundle was written with this PDF"))
        text = [
            self.p(
                t(N_("SHA-256 of manifest.json (ties this PDF to the evidence bundle)")),
                self.s.tiny,
            ),
            self.mono(
                ctx.manifest_sha256,
                ParagraphStyle("m8", parent=self.s.monos, fontSize=8, leading=10),
            ),
            self.p(f"{t(N_('Evidence bundle'))}: {bundle}", self.s.tiny),
            self.p(f"{t(N_('Integrity'))}: {self.verified_line()}", self.s.tiny),
            self.p(t(N_("QR code: case ID and manifest SHA-256")), self.s.tiny),
        ]
        tbl = Table([[drawing, text]], colWidths=[size + 8, self.fw - size - 8])
        tbl.setStyle(
            _style(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return tbl

    # ---- §1
    def reporter(self) -> list:
        _t, d = self.t, self.d
        out = self.heading("1", N_("Reporter and victim"))
        r = {**d.case, **d.reporter}
        pairs = [
            (N_("Full name"), r.get("victim_name") or r.get("name") or ""),
            (N_("Sex"), r.get("sex") or ""),
            (N_("Date of birth"), r.get("date_of_birth") or r.get("dob") or ""),
            (N_("Nationality"), r.get("nationality") or ""),
            (N_("ID type and number"), self.masked_id),
            (N_("Phone / e-mail"), r.get("victim_contact") or r.get("contact") or ""),
            (N_("Address"), r.get("address") or ""),
            (N_("Employer / occupation"), r.get("employer") or r.get("occupation") or ""),
            (N_("Prepared by (if not the victim)"), r.get("prepared_by") or r.get("me_name") or ""),
            (N_("Preferred language"), r.get("lang") or ""),
            (N_("Time zone of the evidence"), r.get("timezone") or ""),
        ]
        out.append(self.kv([(k, v if v else Spacer(1, 10)) for k, v in pairs]))
        if self.id_number and not d.show_id_number:
            out += self.ps(
                N_(
                    "The ID number is masked in this copy; the reporter will show the ID card in person."
                ),
                self.s.tiny,
            )
        return out

    # ---- §2
    def incident(self) -> list:
        t, d = self.t, self.d
        out = self.heading("2", N_("Incident summary"))
        types, confirmed = self.scam_types()
        scam = "; ".join(self.type_name(x) for x in types) if types else t(N_("not recorded"))
        if types and not confirmed:
            scam += "  (" + t(N_("suggested by victimkit, not confirmed")) + ")"
        first_event = d.events[0] if d.events else None
        first = (
            f"{self.time(first_event.get('at'))} ({self.source_label(first_event.get('source'))}) — "
            f"{first_event.get('description') or ''}"
            if first_event
            else t(N_("not recorded"))
        )
        out.append(self.kv([(N_("Scam type"), scam), (N_("First recorded contact"), first)]))
        narrative = (
            d.case.get("narrative") or d.reporter.get("narrative") or d.summary.get("narrative")
        )
        out.append(self.p(t(N_("What happened (in the victim's own words)")), self.s.h2))
        if narrative:
            for para in str(narrative).split("\n"):
                if para.strip():
                    out.append(self.p(para))
        else:
            out += self.ps(
                N_("Not written yet. Write it here by hand, or attach a page:"), self.s.small
            )
            box = Table([[""]], colWidths=[self.fw], rowHeights=[110])
            box.setStyle(_style([("BOX", (0, 0), (-1, -1), 0.6, colors.black)]))
            out.append(box)
        flags = self.red_flag_rows()
        if flags:
            out.append(self.p(t(N_("Warning signs found in the evidence")), self.s.h2))
            rows = [[t(N_("Warning sign")), t(N_("Points to")), t(N_("Seen in"))], *flags[:15]]
            out.append(self.table(rows, [self.fw * 0.25, self.fw * 0.45, self.fw * 0.3]))
            if len(flags) > 15:
                out += self.ps(
                    N_("All {n} terms are listed in appendix C."), self.s.tiny, n=len(flags)
                )
        return out

    def scam_types(self) -> tuple[list[str], bool]:
        if self._scam_types is None:
            self._scam_types = self.d.scam_types()
        return self._scam_types

    def red_flag_rows(self) -> list:
        """One row per warning-sign phrase: the scam types it points to and where it was seen."""
        if self._flag_rows is None:
            self._flag_rows = self._red_flag_rows()
        return self._flag_rows

    def _red_flag_rows(self) -> list:
        groups: dict[str, dict] = {}
        for f in self.d.red_flags or []:
            if isinstance(f, str):
                f = {"phrase": f}
            if not isinstance(f, dict):
                continue
            term = f.get("phrase") or f.get("term") or f.get("text") or f.get("label") or ""
            if not term:
                continue
            g = groups.setdefault(term, {"types": {}, "ids": {}, "n": 0})  # dicts: ordered sets
            g["n"] += 1
            st = f.get("scam_type")
            if st:
                g["types"].setdefault(st)
            ids = f.get("evidence_ids") or ([f["evidence_id"]] if f.get("evidence_id") else [])
            for i in ids:
                g["ids"].setdefault(i)
        rows = []
        for term, g in sorted(groups.items(), key=lambda kv: -kv[1]["n"]):
            types = "; ".join(self.type_name(x) for x in g["types"])
            rows.append([term, types, self.exhibit_ref(sorted(g["ids"])[:12])])
        return rows

    # ---- §3
    def loss(self) -> list:
        t, d = self.t, self.d
        out = self.heading("3", N_("Loss summary"))
        totals = d.total_loss()
        if not d.transactions:
            out += self.none_recorded(N_("No payments recorded yet."))
            return out
        first = min(
            (parse_time(x.get("occurred_at")) for x in d.losses if x.get("occurred_at")),
            default=None,
        )
        last = max(
            (parse_time(x.get("occurred_at")) for x in d.losses if x.get("occurred_at")),
            default=None,
        )
        refunded = d.refunded()
        pairs = [
            (
                N_("Total loss"),
                self.emph("; ".join(self.money(v, k) for k, v in totals.items()) or "0", 11),
            ),
            (N_("Number of payments"), str(len(d.losses))),
            (
                N_("First and last payment"),
                f"{self.time(first)} — {self.time(last)}" if first else "",
            ),
            (
                N_("Refunded or recovered so far"),
                "; ".join(self.money(v, k) for k, v in refunded.items()) or t(N_("none recorded")),
            ),
        ]
        by_method = Counter((x.get("payment_method") or t(N_("unknown"))) for x in d.losses)
        pairs.append(
            (N_("Payment methods"), ", ".join(f"{k} × {v}" for k, v in by_method.most_common()))
        )
        out.append(self.kv(pairs))
        return out

    # ---- §4
    def transactions(self) -> list:
        t, d = self.t, self.d
        out = self.heading("4", N_("Financial transactions"))
        if not d.transactions:
            return out + self.none_recorded()
        accounts = []
        for p in d.payees():
            a = p.get("payee_account")
            if a and a not in accounts:
                accounts.append(a)
        if accounts:
            out.append(self.p(t(N_("All payee accounts")), self.s.h2))
            out.append(self.emph("   ".join(accounts), 10))
            out.append(Spacer(1, 4))
        header = [
            "#",
            t(N_("Time")),
            t(N_("Amount")),
            t(N_("Method")),
            t(N_("Payee name")),
            t(N_("Payee account")),
            t(N_("Bank / platform")),
            t(N_("Transaction no.")),
            t(N_("Status")),
            t(N_("Exhibit")),
            t(N_("Checked")),
        ]
        widths = [0.05, 0.11, 0.11, 0.08, 0.09, 0.15, 0.09, 0.12, 0.07, 0.06, 0.07]
        rows = [header]
        for x in d.transactions:
            confirmed = x.get("confirmed") or x.get("origin") in ("person", "export")
            amount = to_decimal(x.get("amount"))
            sign = "-" if amount is not None and amount < 0 else ""
            rows.append(
                [
                    x.get("ref", ""),
                    self.time(x.get("occurred_at")),
                    self.emph(sign + self.money(x.get("amount"), x.get("currency")), 7.5),
                    x.get("payment_method") or "",
                    x.get("payee_name") or x.get("counterparty") or "",
                    self.emph(x.get("payee_account") or "", 8),
                    x.get("payee_bank") or "",
                    self.cmono(
                        x.get("order_number") or x.get("merchant_order_number") or "", self.s.monot
                    ),
                    x.get("status") or "",
                    self.exhibit_ref(x.get("evidence_id")),
                    t(N_("yes")) if confirmed else t(N_("no")),
                ]
            )
        out.append(self.table(rows, [self.fw * w for w in widths], style=self.s.tiny))
        out += self.ps(
            N_(
                "“Checked”: yes when the row comes from a bill export or was confirmed by the person; no when it was read from a screenshot by OCR and not yet confirmed."
            ),
            self.s.tiny,
        )
        return out

    # ---- §5
    def identifiers(self) -> list:
        t, d = self.t, self.d
        out = self.heading("5", N_("Suspect identifiers"))
        if not d.identifiers:
            return out + self.none_recorded()
        rows = [[t(N_("Type")), t(N_("Value")), t(N_("Seen in")), t(N_("Notes"))]]
        for i in d.identifiers:
            notes = i.get("note") or i.get("notes") or i.get("label") or ""
            if i.get("from_transaction"):
                notes = f"{notes} ({t(N_('payee of'))} {i['from_transaction']})".strip()
            rows.append(
                [
                    self.kind_label(i.get("kind")),
                    self.emph(i.get("value") or "", 8.5),
                    self.exhibit_ref(i.get("evidence_ids") or i.get("evidence_id")),
                    notes,
                ]
            )
        out.append(self.table(rows, [self.fw * w for w in (0.18, 0.37, 0.17, 0.28)]))
        return out

    # ---- §6
    def timeline(self) -> list:
        t, d = self.t, self.d
        out = self.heading("6", N_("Timeline"))
        if not d.events:
            return out + self.none_recorded()
        rows = [
            [t(N_("Time")), t(N_("Time source")), t(N_("Event")), t(N_("Amount")), t(N_("Exhibit"))]
        ]
        for e in d.events:
            desc = e.get("description") or ""
            kind = e.get("kind")
            prefix = {
                "transaction": t(N_("Payment")),
                "captured": t(N_("Screenshot / file created")),
                "chat_first": t(N_("First message in chat export")),
                "chat_last": t(N_("Last message in chat export")),
            }.get(kind or "")
            if prefix:
                desc = f"{prefix}: {desc}"
            rows.append(
                [
                    self.time(e.get("at")),
                    self.source_label(e.get("source")),
                    desc,
                    self.money(e.get("amount"), e.get("currency")) if e.get("amount") else "",
                    self.exhibit_ref(e.get("evidence_ids")),
                ]
            )
        out.append(
            self.table(
                rows, [self.fw * w for w in (0.2, 0.17, 0.39, 0.13, 0.11)], style=self.s.tiny
            )
        )
        out += self.ps(
            N_(
                "Each time carries its source: the time shown in the image, a receipt time, file metadata, or the import time. They are not mixed without a label."
            ),
            self.s.tiny,
        )
        return out

    # ---- §7
    def communications(self) -> list:
        t, d = self.t, self.d
        out = self.heading("7", N_("Communications"))
        rows = [
            [
                t(N_("Exhibit")),
                t(N_("Source")),
                t(N_("Participants")),
                t(N_("Period covered")),
                t(N_("Messages")),
            ]
        ]
        me = d.case.get("me_name") or ""
        for x in d.exhibits:
            if x.messages:
                senders = Counter(
                    m.get("sender") or "" for m in x.messages if not m.get("is_system")
                )
                timed = [m.get("sent_at") for m in x.messages if m.get("sent_at")]
                period = (
                    f"{self.time(min(timed), seconds=False)} — {self.time(max(timed), seconds=False)}"
                    if timed
                    else ""
                )
                fmt = x.evidence.get("export_format") or t(N_("chat export"))
                rows.append(
                    [
                        x.label,
                        fmt,
                        ", ".join(s for s, _n in senders.most_common(6) if s),
                        period,
                        str(len(x.messages)),
                    ]
                )
            elif any(line.speaker for line in x.ocr_lines):
                n = sum(1 for line in x.ocr_lines if line.speaker in ("other", "self"))
                rows.append(
                    [
                        x.label,
                        t(N_("chat screenshot (OCR)")),
                        "",
                        self.time(x.evidence.get("captured_at"), seconds=False),
                        str(n),
                    ]
                )
        if len(rows) == 1:
            return out + self.none_recorded()
        out.append(self.table(rows, [self.fw * w for w in (0.1, 0.22, 0.32, 0.26, 0.1)]))
        if me:
            out += self.ps(N_("The victim appears in the chats as “{me}”."), self.s.tiny, me=me)
        return out

    # ---- §8
    def evidence_index(self) -> list:
        head, body = self._index if self._index is not None else self.evidence_index_parts()
        note = self.ctx.selection_note
        return [*head, *([self.p(note, self.s.small)] if note else []), *body]

    def evidence_index_parts(self) -> tuple[list, list]:
        """The index's heading, and its table (what follows the person's selection note)."""
        t, d = self.t, self.d
        head = self.heading("8", N_("Evidence index"))
        out: list = []
        header = [
            t(N_("Exhibit")),
            t(N_("Category")),
            t(N_("Original file name")),
            t(N_("Format")),
            t(N_("Size (bytes)")),
            t(N_("SHA-256")),
            t(N_("Created (source)")),
            t(N_("Acquired (UTC)")),
            t(N_("OCR")),
            t(N_("Page")),
        ]
        widths = [0.065, 0.08, 0.15, 0.09, 0.075, 0.225, 0.11, 0.10, 0.045, 0.06]
        rows = [header]
        for x in d.exhibits:
            ev = x.evidence
            form = f"vkpg_{x.label}"
            self.forms[form] = f"ex-{x.label}"
            created = self.time(ev.get("captured_at"), seconds=False)
            if created:
                created += f" ({self.source_label(ev.get('captured_at_source'))})"
            rows.append(
                [
                    x.label,
                    self.category(x),
                    ev.get("original_name") or "",
                    ev.get("media_type") or "",
                    f"{ev.get('size') or 0:,}",
                    self.cmono(ev.get("sha256") or "", self.s.monot),
                    created,
                    self.utc(ev.get("imported_at")),
                    t(N_("yes")) if x.ocr_lines else t(N_("no")),
                    FormRef(form),
                ]
            )
        if len(rows) == 1:
            return head, out + self.none_recorded()
        out.append(self.table(rows, [self.fw * w for w in widths], style=self.s.tiny))
        return head, out

    def category(self, x: ExhibitData) -> str:
        names = {
            "image": N_("screenshot / photo"),
            "chat_export": N_("chat export"),
            "bill_export": N_("bill / statement export"),
            "document": N_("document"),
            "recording": N_("recording"),
            "other": N_("other file"),
        }
        return self.t(names.get(x.kind, N_("other file")))

    # ---- §9
    def exhibits(self, start: int = 0, *, page_break_first: bool = True) -> list:
        """The exhibits from ``start`` on, each from a new page; the section's heading stands
        on the first exhibit's page. Without ``page_break_first``, the first page of the
        document is the first exhibit's (a part built apart)."""
        out: list = []
        if not self.d.exhibits:
            out += self.heading("9", N_("Exhibits"))
            return out + self.none_recorded()
        for i, x in enumerate(self.d.exhibits[start:], start):
            if i > start or page_break_first:
                out.append(PageBreak())
            lead = self.heading("9", N_("Exhibits"))[1:] if i == 0 else []
            out += self.exhibit(x, lead)
        return out

    def exhibit_meta(self, x: ExhibitData) -> Table:
        ev = x.evidence
        t = self.t
        dims = f" · {ev['width']} × {ev['height']} px" if ev.get("width") else ""
        captured = self.time(ev.get("captured_at"))
        if captured:
            captured += f"  ({t(N_('source'))}: {self.source_label(ev.get('captured_at_source'))})"
        pairs = [
            (N_("Original file name"), ev.get("original_name") or ""),
            (N_("SHA-256"), self.cmono(ev.get("sha256") or "")),
            (
                N_("Size and format"),
                f"{ev.get('size') or 0:,} bytes · {ev.get('media_type') or ''}{dims}",
            ),
            (N_("Created"), captured or t(N_("not known"))),
            (
                N_("Imported (acquired)"),
                f"{self.time(ev.get('imported_at'))}  ({self.utc(ev.get('imported_at'))}; {t(N_('source'))}: {t(N_('import time'))})",
            ),
            (N_("In the bundle"), self.cmono(x.bundle_path)),
        ]
        if ev.get("caption"):
            pairs.insert(0, (N_("Description (by the person)"), ev["caption"]))
        if ev.get("category"):
            pairs.insert(1 if ev.get("caption") else 0, (N_("Category"), ev["category"]))
        others = ev.get("other_sources") or []
        if others:
            pairs.append(
                (N_("Also received as"), "; ".join(o.get("original_name") or "" for o in others))
            )
        if ev.get("problems"):
            pairs.append((N_("Notes on the file"), "; ".join(ev["problems"])))
        if x.render_note:
            pairs.append((N_("Shown here"), x.render_note))
        if x.redactions:
            pairs.append(
                (
                    N_("Redacted in this PDF"),
                    t(
                        N_("{n} region(s) blacked out in a derived copy; the original is unchanged")
                    ).format(n=len(x.redactions))
                    + (f" ({x.derived_name})" if x.derived_name else ""),
                )
            )
        return self.kv(pairs, widths=(0.22, 0.78), style=self.s.tiny)

    def exhibit(self, x: ExhibitData, lead: list) -> list:
        t, s = self.t, self.s
        title = f"{t(N_('Exhibit'))} {x.label}"
        out: list = [
            *lead,
            PageMark(
                f"ex-{x.label}",
                f"{x.label} {x.evidence.get('original_name') or ''}",
                self.pages,
                level=1,
                outline=self.outline,
            ),
            self.p(f"{title} · {x.evidence.get('original_name') or ''}", s.h1),
            self.exhibit_meta(x),
            Spacer(1, 5),
        ]
        used = 0.0
        for f in out:
            used += f.wrap(self.fw, self.fh)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        avail_h = self.fh - used - 14
        if x.is_image and x.render_path:
            out += self.exhibit_image(x, avail_h)
        elif x.is_image:
            out += self.ps(
                N_(
                    "This image could not be shown ({reason}). The original is in the bundle; its hash is above."
                ),
                s.small,
                reason=x.render_note or "?",
            )
            out += self.transcript(x)
        elif x.messages:
            out += self.chat_transcript(x)
        else:
            out += self.ps(
                N_(
                    "This file is not shown in the PDF. It is in the bundle at the path above, byte for byte as it was received."
                ),
                s.small,
            )
            out += self.transcript(x)
        return out

    def exhibit_image(self, x: ExhibitData, avail_h: float) -> list:
        if x.render_size:
            pw, ph = x.render_size
        else:
            from PIL import Image as PILImage

            with PILImage.open(x.render_path) as im:
                pw, ph = im.size
        aspect = pw / ph
        transcript = self.transcript(x)
        portrait = aspect < 0.8
        max_w = self.fw * (0.56 if portrait and transcript else 1.0)
        h = min(avail_h, max_w / aspect)
        w = h * aspect
        frame_img = BoxedImage(x.render_path, width=w, height=h)
        frame_img.hAlign = "LEFT"
        if portrait and transcript:
            return [ImageAndFlowables(frame_img, transcript, imageSide="left", imageRightPadding=8)]
        return [frame_img, Spacer(1, 6), *transcript]

    def transcript(self, x: ExhibitData) -> list:
        t, s = self.t, self.s
        if not x.ocr_lines:
            if x.is_image:
                return self.ps(N_("No transcription (OCR has not been run on this image)."), s.tiny)
            return []
        out: list = []
        if x.ocr_confirmed:
            out.append(self.warn(N_("Transcription confirmed line by line by the person.")))
        else:
            out.append(
                self.warn(
                    N_(
                        "Machine transcription (OCR) — may contain errors; the image is the evidence."
                    )
                )
            )
        if x.ocr_engine:
            out.append(self.p(f"{t(N_('Engine'))}: {x.ocr_engine}", s.tiny))
        entries = []
        for line in x.ocr_lines:
            if line.redacted:
                entries.append(("", "[" + t(N_("redacted")) + "]"))
                continue
            # a letter avatar's initials are kept in the record but said to be a picture, not words
            who = t(N_("Avatar")) if line.tag == "avatar" else self.speaker(line.speaker)
            text = plain(self.redact_id(line.text))
            if line.confirmed and not x.ocr_confirmed:
                text += " ✔"
            entries.append((f"[{plain(who)}]" if who else "", text))
        out.append(Lines(entries, font=s.sans, size=7.5, label_size=6, leading=10))
        return out

    def chat_transcript(self, x: ExhibitData) -> list:
        t, s = self.t, self.s
        out = [
            self.warn(
                N_(
                    "Transcript of the chat export file, as parsed by victimkit. The file in the bundle is the evidence."
                )
            )
        ]
        out += self.ps(
            N_("{n} messages; times in {zone}."), s.tiny, n=len(x.messages), zone=str(self.d.zone)
        )
        arrows = {"outgoing": "→", "out": "→", "incoming": "←", "in": "←", "system": "·"}
        entries = []
        for m in x.messages:
            when = self.time(m.get("sent_at"))
            sender = plain(self.redact_id(m.get("sender") or ""))
            text = plain(self.redact_id(m.get("text") or ""))
            if m.get("attachment"):
                text += f" [{t(N_('attachment'))}: {plain(m['attachment'])}]"
            arrow = arrows.get(m.get("direction") or "", "")
            entries.append((f"{when} {arrow} {sender}:", text))
        out.append(Lines(entries, font=s.sans, size=7.5, label_size=6.5, leading=10))
        return out

    # ---- §10
    def actions(self) -> list:
        t, d = self.t, self.d
        out = self.heading("10", N_("Actions already taken"))
        kinds = {
            "called_bank": N_("Called the bank"),
            "called_police": N_("Called the police"),
            "police_report": N_("Reported to the police"),
            "platform_report": N_("Reported to the platform"),
            "called_platform": N_("Called the platform"),
            "online_report": N_("Filed an online report"),
            "froze_card": N_("Froze a card"),
            "changed_passwords": N_("Changed passwords"),
            "removed_remote_app": N_("Removed a remote-control app"),
            "legal_advice": N_("Got legal advice"),
            "other": N_("Other"),
        }
        rows = [[t(N_("When")), t(N_("Action")), t(N_("Reference / outcome"))]]
        for a in d.actions:
            what = t(kinds[a["kind"]]) if a.get("kind") in kinds else a.get("kind") or ""
            if a.get("channel_id"):
                what += f" ({a['channel_id']})"
            ref = " · ".join(x for x in (a.get("ref"), a.get("note")) if x)
            rows.append([self.time(a.get("occurred_at") or a.get("at")), what, ref])
        for step in d.steps or []:
            if not isinstance(step, dict) or step.get("status") not in ("done", "completed"):
                continue
            title = step.get("title") or step.get("id") or ""
            try:
                from victimkit.guide.knowledge import load_knowledge

                title = load_knowledge().step(step["id"]).get("title") or title
            except Exception:
                pass
            if isinstance(title, dict):
                title = self.type_name_from(title)
            rows.append([self.time(step.get("updated_at")), f"{t(N_('Step done'))}: {title}", ""])
        if len(rows) == 1:
            out += self.ps(
                N_(
                    "None recorded in victimkit. Fill in calls to 110 / 96110, the bank and the platform:"
                ),
                self.s.small,
            )
        rows += [[Spacer(1, 16), "", ""] for _ in range(4)]
        out.append(self.table(rows, [self.fw * w for w in (0.22, 0.43, 0.35)]))
        return out

    def type_name_from(self, name: dict) -> str:
        zh, en = name.get("zh") or "", name.get("en") or ""
        if self.lang == "zh":
            return zh or en
        if self.lang == "en":
            return en or zh
        return f"{zh} / {en}" if zh and en else zh or en

    # ---- §11
    def integrity(self) -> list:
        t, d, ctx = self.t, self.d, self.ctx
        out = self.heading("11", N_("Acquisition and integrity statement"))
        kinds = Counter(x.kind for x in d.exhibits)
        objects = ", ".join(f"{self.category_kind(k)} × {n}" for k, n in kinds.most_common())
        imported = [parse_time(x.evidence.get("imported_at")) for x in d.exhibits]
        imported = [i for i in imported if i]
        when = f"{self.time(min(imported))} — {self.time(max(imported))}" if imported else ""
        folders = sorted(
            {
                str(Path(x.evidence.get("source_path") or "").parent)
                for x in d.exhibits
                if x.evidence.get("source_path")
            }
        )
        types, _confirmed = self.scam_types()
        pairs = [
            (
                N_("Case"),
                ("; ".join(self.type_name(x) for x in types) or t(N_("suspected fraud")))
                + f" · {self.case_id}",
            ),
            (N_("Object"), objects or t(N_("none"))),
            (N_("Time of acquisition"), when),
            (N_("Place"), t(N_("this computer, from the folders below"))),
            (N_("Source folders"), "; ".join(folders[:8]) + (" …" if len(folders) > 8 else "")),
            (
                N_("Method"),
                t(
                    N_(
                        "Each file was copied byte for byte by {tool}; its SHA-256 was computed while copying, before it was recorded; originals are stored read-only and never modified. Corrections are stored beside the machine's results; every change is an entry in a hash-chained audit log."
                    )
                ).format(tool=ctx.tool),
            ),
            (N_("Hash algorithm"), "SHA-256 (FIPS 180-4)"),
            (N_("Re-verified at export"), self.verified_line()),
            (
                N_("Clock"),
                t(
                    N_(
                        "Times are shown in {zone}; the phone's clock was not checked against network time by victimkit."
                    )
                ).format(zone=str(d.zone)),
            ),
        ]
        out.append(self.kv(pairs))
        if ctx.verify_problems:
            out.append(self.p(t(N_("Problems found by verification")), self.s.h2))
            for pr in ctx.verify_problems:
                out.append(self.p("• " + pr, self.s.small))
        limits = []
        for x in d.exhibits:
            for pr in x.evidence.get("problems") or []:
                limits.append(f"{x.label}: {pr}")
            if x.render_note and "→" in x.render_note:
                limits.append(f"{x.label}: {t(N_('shown as a converted copy'))} ({x.render_note})")
        out.append(self.p(t(N_("Known limitations")), self.s.h2))
        out += self.ps(
            N_(
                "Images in this PDF are display copies scaled to the page; the originals in the bundle are authoritative. Transcriptions made by OCR may contain errors."
            ),
            self.s.small,
        )
        limits = list(d.warnings) + limits
        for item in limits[:200]:
            out.append(self.p("• " + item, self.s.tiny))
        if ctx.redaction_log:
            out.append(self.p(t(N_("Redactions in this PDF")), self.s.h2))
            rows = [
                [t(N_("Exhibit")), t(N_("Region (pixels x0, y0, x1, y1)")), t(N_("Derived copy"))]
            ]
            for r in ctx.redaction_log:
                rows.append([r["exhibit"], str(tuple(r["box"])), r.get("derived") or ""])
            out.append(self.table(rows, [self.fw * w for w in (0.15, 0.45, 0.40)]))
        out += self.ps(
            N_(
                "The original device is kept at: ______________________ and has not been reset or wiped."
            ),
            self.s.small,
        )
        return out

    def category_kind(self, kind: str) -> str:
        return self.category(ExhibitData(evidence={"kind": kind}, label=""))

    # ---- §12
    def custody(self) -> list:
        t, d = self.t, self.d
        out = self.heading("12", N_("Chain of custody"))
        out += self.ps(
            N_(
                "From the case's append-only audit log. Each entry carries the SHA-256 of the entry before it; runs of the same action are grouped here, and every entry is in custody_log.jsonl in the bundle."
            ),
            self.s.tiny,
        )
        rows = [
            [
                t(N_("Entries")),
                t(N_("Time (UTC)")),
                t(N_("Who")),
                t(N_("Action")),
                t(N_("Object")),
                t(N_("Entry hash")),
            ]
        ]
        for g in group_audit(d.audit):
            seq = f"{g['first']}" if g["first"] == g["last"] else f"{g['first']}–{g['last']}"
            when = self.utc(g["at_first"])
            if g["at_last"] != g["at_first"]:
                when += f" — {self.utc(g['at_last'])[11:]}"
            rows.append(
                [
                    seq,
                    when,
                    g["actor"],
                    g["action"] + (f" × {g['count']}" if g["count"] > 1 else ""),
                    g["object"],
                    self.cmono(g["hash"][:16] + "…", self.s.monot),
                ]
            )
        out.append(
            self.table(
                rows, [self.fw * w for w in (0.09, 0.24, 0.1, 0.2, 0.22, 0.15)], style=self.s.tiny
            )
        )
        out.append(CondPageBreak(200))
        out.append(self.p(t(N_("Hand-overs (fill in by hand)")), self.s.h2))
        rows = [
            [
                t(N_("Date and time")),
                t(N_("Handed over by")),
                t(N_("Received by (name, badge no., unit)")),
                t(N_("Medium / purpose")),
                t(N_("Hash verified (Y/N)")),
                t(N_("Signatures")),
            ]
        ]
        rows += [[Spacer(1, 24)] + [""] * 5 for _ in range(BLANK_ROWS)]
        out.append(self.table(rows, [self.fw * w for w in (0.15, 0.16, 0.24, 0.16, 0.12, 0.17)]))
        return out

    # ---- §13
    def declaration(self) -> list:
        t = self.t
        out = self.heading("13", N_("Declaration and signatures"))
        out += self.ps(
            N_(
                "I declare that the information above is true and complete to the best of my knowledge."
            ),
            self.s.base,
        )
        out.append(Spacer(1, 6))
        rows = [
            [t(N_("Reporter's signature")), "", t(N_("Date")), ""],
            [t(N_("Receiving officer: name")), "", t(N_("Unit / station")), ""],
            [t(N_("Badge no.")), "", t(N_("Date and time received")), ""],
            [t(N_("Officer's signature")), "", "", ""],
        ]
        w = self.fw
        tbl = self.table(
            rows,
            [w * 0.2, w * 0.35, w * 0.17, w * 0.28],
            header=False,
            extra=[
                ("BACKGROUND", (0, 0), (0, -1), GREY),
                ("BACKGROUND", (2, 0), (2, -2), GREY),
                ("SPAN", (1, 3), (3, 3)),
            ],
        )
        for i in range(len(rows)):
            tbl._argH[i] = 30
        out.append(tbl)
        return out

    # ---- appendices
    def appendices(self) -> list:
        t, d = self.t, self.d
        out = [PageBreak()]
        out += self.heading("A", N_("Appendix A: how to check the hashes"))
        out += self.ps(
            N_(
                "Unzip the bundle, open a terminal in the unzipped folder and run one of these commands. Every line must say OK (or show the same SHA-256 as printed in this dossier)."
            ),
            self.s.small,
        )
        example = next(
            (x.bundle_path for x in d.exhibits if x.bundle_path), "originals/E-001_photo.png"
        )
        cmds = [
            ("Linux", "sha256sum -c SHA256SUMS"),
            ("macOS", "shasum -a 256 -c SHA256SUMS"),
            ("Windows (cmd)", f'certutil -hashfile "{example}" SHA256'),
            ("Windows (PowerShell)", f'Get-FileHash -Algorithm SHA256 "{example}"'),
            (t(N_("manifest (cover hash)")), "sha256sum manifest.json"),
            ("victimkit", "victimkit verify <bundle>.zip"),
        ]
        rows = [[k, self.cmono(v)] for k, v in cmds]
        out.append(self.table(rows, [self.fw * 0.25, self.fw * 0.75], header=False))
        country = (d.case.get("country") or "").upper()
        blocks = []
        if country in ("US", "OTHER", ""):
            blocks += [("IC3 (ic3.gov)", "ic3"), ("FTC (ReportFraud.ftc.gov)", "ftc")]
        if country in ("UK", "GB", "OTHER", ""):
            blocks.append(("Report Fraud (reportfraud.police.uk)", "uk"))
        if blocks:
            out += self.heading("B", N_("Appendix B: text to copy into online reports"))
            for name, _key in blocks:
                out.append(self.p(name, self.s.h2))
                out.append(self.report_block())
        flags = self.red_flag_rows()
        if flags:
            out += self.heading("C", N_("Appendix C: warning-sign terms found in the evidence"))
            rows = [[t(N_("Term")), t(N_("Points to")), t(N_("Seen in"))], *flags]
            out.append(self.table(rows, [self.fw * 0.25, self.fw * 0.45, self.fw * 0.3]))
        return out

    def report_block(self) -> Table:
        d = self.d
        lines = [
            f"Victim: {d.case.get('victim_name') or ''}; contact: {d.case.get('victim_contact') or ''}",
            "Financial transactions:",
        ]
        for x in d.losses:
            lines.append(
                f"  {self.time(x.get('occurred_at'))} · {self.money(x.get('amount'), x.get('currency'))} · "
                f"{x.get('payment_method') or ''} · payee {x.get('payee_name') or ''} {x.get('payee_account') or ''} "
                f"{x.get('payee_bank') or ''} · ref {x.get('order_number') or ''}"
            )
        lines.append("Subject (suspect) identifiers:")
        for i in d.identifiers:
            lines.append(f"  {i.get('kind')}: {i.get('value')}")
        lines.append(
            f"Case reference: victimkit {self.case_id}; evidence manifest SHA-256 {self.ctx.manifest_sha256}"
        )
        body = "<br/>".join(clean(self.redact_id(line)) for line in lines)
        p = Paragraph(body, self.s.wrap_for(self.s.monos, body))
        tbl = Table([[p]], colWidths=[self.fw])
        tbl.setStyle(_style([("BOX", (0, 0), (-1, -1), 0.5, colors.black)]))
        return tbl


class HRule(Flowable):
    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, 4

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 2, self.width, 2)


class BoxedImage(Image):
    """An image with a thin black border, so that a white screenshot has an edge on paper."""

    def draw(self):
        super().draw()
        self.canv.setLineWidth(0.5)
        self.canv.rect(0, 0, self.drawWidth, self.drawHeight)


def _mask_generic(value: str) -> str:
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    return v[:2] + "*" * (len(v) - 4) + v[-2:]


KEY_ACTIONS = ("case_created", "case_updated", "corrected", "scam_type_set", "action_logged")


def group_audit(entries: list[dict]) -> list[dict]:
    """Runs of routine entries (imports, OCR, analysis) by the same actor, as one row each;
    case creation, changes, corrections and exports stay one row per entry."""
    import json

    groups: list[dict] = []
    for e in entries:
        try:
            details = json.loads(e.get("details") or "{}")
        except ValueError:
            details = {}
        obj = _audit_object(e["action"], details)
        routine = not (e["action"] in KEY_ACTIONS or e["action"].startswith("dossier"))
        g = groups[-1] if groups else None
        if g and routine and g["routine"] and g["actor"] == e["actor"]:
            g["last"] = e["seq"]
            g["at_last"] = e["at"]
            g["actions"][e["action"]] = g["actions"].get(e["action"], 0) + 1
            g["hash"] = e["hash"]
            g["objects"].append(obj)
            continue
        groups.append(
            {
                "first": e["seq"],
                "last": e["seq"],
                "at_first": e["at"],
                "at_last": e["at"],
                "actor": e["actor"],
                "actions": {e["action"]: 1},
                "routine": routine,
                "hash": e["hash"],
                "objects": [obj],
            }
        )
    for g in groups:
        g["action"] = ", ".join(a if n == 1 else f"{a} × {n}" for a, n in g.pop("actions").items())
        g["count"] = 1
        objs = [o for o in g.pop("objects") if o]
        ev = [o for o in objs if o.startswith("E-")]
        if len(objs) <= 2:
            g["object"] = ", ".join(objs)
        elif ev:
            g["object"] = f"{ev[0]} … {ev[-1]}"
        else:
            g["object"] = f"{objs[0]} …"
    return groups


def _audit_object(action: str, details: dict) -> str:
    table = details.get("table")
    if table == "evidence":
        first, last = details.get("first_id"), details.get("last_id")
        if first == last:
            return f"E-{first:03d}" if isinstance(first, int) else ""
        return f"E-{first:03d}–E-{last:03d}"
    if table:
        return f"{table} ×{details.get('count', '')}"
    if action.startswith("dossier"):
        return (details.get("manifest_sha256") or "")[:16]
    if "case" in details:
        return details["case"].get("id", "") if isinstance(details["case"], dict) else ""
    if "changes" in details:
        return ", ".join(sorted(details["changes"]))
    return ""


def build_pdf(
    data: DossierData,
    out: Path,
    ctx: PdfContext,
    *,
    lang: str = "both",
    paper: str = "a4",
    builder: DossierBuilder | None = None,
) -> int:
    """Write the dossier to ``out``; returns the number of pages. ``builder``: one made (and
    ``prepare``d) earlier for the same data, language and paper."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}")
    builder = builder or DossierBuilder(data, ctx, lang=lang, paper=paper)
    return builder.build(Path(out), ctx)


__all__ = ["DossierBuilder", "PdfContext", "build_pdf", "display_box", "image_box"]
