"""Messages: the chat, as a transcript with speakers, and a find box over it."""

from __future__ import annotations

import bisect
import html
import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTextEdit,
)

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.pages.transactions import case_zone_name, local_time
from victimkit.gui.widgets import para
from victimkit.i18n import N_, _

CHUNK = 150  # messages laid out per turn of the event loop
MAX_MESSAGES = 20_000
FIND_DELAY_MS = 150  # typing pauses this long before the transcript is searched
MAX_HIGHLIGHTS = 400  # matches highlighted at once, around the current one (painting all of a
# common character's thousands of matches in a long chat slowed every repaint)


ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def astral_positions(text: str) -> list[int]:
    """Where ``text`` has characters outside the BMP (emoji): each is two UTF-16 code units."""
    return [m.start() for m in ASTRAL_RE.finditer(text)]


def find_spans(text: str, query: str, astral: list[int] | None = None) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text`` (case-insensitive, whitespace in the query matching
    any run of whitespace), as (start, end) in UTF-16 code units — the positions of a
    QTextDocument, which counts a character outside the BMP (an emoji) as two.
    ``astral``: ``astral_positions(text)``, when the caller has it."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    spans = [m.span() for m in pattern.finditer(text)]
    if astral is None:
        astral = astral_positions(text)
    if not astral or not spans:
        return spans
    return [
        (a + bisect.bisect_left(astral, a), b + bisect.bisect_left(astral, b)) for a, b in spans
    ]


class MessagesPage(Page):
    key = "messages"
    title_text = N_("The conversation")
    scrolls = False

    def build(self) -> None:
        self.body.addWidget(
            para(
                _(
                    "Messages from chat exports and chat screenshots, in order. Their side is on the left."
                )
            )
        )
        self.body.addLayout(self._build_find_bar())
        self.view = QTextBrowser()
        self.view.setObjectName("transcript")
        self.view.setAccessibleName(_("The conversation"))
        self.view.setOpenLinks(False)
        self.body.addWidget(self.view, 1)
        self.zone_label = QLabel()
        self.zone_label.setObjectName("transcriptZone")
        self.body.addWidget(self.zone_label)
        self.session.facts_changed.connect(self.request_refresh)
        self.session.evidence_changed.connect(self.request_refresh)
        self._dirty = True
        self._pending: list[str] = []
        self._append_timer = QTimer(self)
        self._append_timer.setSingleShot(True)
        self._append_timer.setInterval(0)
        self._append_timer.timeout.connect(self._append_chunk)
        from victimkit.gui.widgets import dark_palette

        self._dark = dark_palette()

    def read(self, store) -> list[str]:
        """The transcript's HTML in chunks of CHUNK messages, built on the reader thread (no
        widgets touched here)."""
        rows = backend.fact_rows(store, "messages")
        if not rows:
            return [
                "<p>"
                + html.escape(_("No messages yet. Add a chat export or chat screenshots."))
                + "</p>"
            ]
        dark = self._dark
        meta = "#d0d0d0" if dark else "#555"
        parts = []
        for r in rows[:MAX_MESSAGES]:
            when = local_time(r.get("sent_at"))  # in the case's zone, not the machine's
            text = html.escape(r.get("text") or "")
            who = html.escape(r.get("sender") or "")
            src = f"E-{r['evidence_id']:03d}" if r.get("evidence_id") else ""
            if r.get("is_system") or r.get("direction") == "system":
                parts.append(
                    f'<p align="center" style="color:{meta}">{text} <small>{when}</small></p>'
                )
                continue
            mine = r.get("direction") == "outgoing"
            head = " · ".join(b for b in (who, when, src) if b)  # no empty "· ·" without a time
            align = "right" if mine else "left"
            bg = "#d9f2d0" if mine else "#ffffff"
            # paragraphs, not tables: a table per message made a long chat slow to lay out
            parts.append(
                f'<p align="{align}" style="margin-top:4px; margin-bottom:4px">'
                f'<small style="color:{meta}">{head}</small><br>'
                f'<span style="background:{bg}; color:#1d1d1d">&nbsp;{text}&nbsp;</span></p>'
            )
        return ["".join(parts[i : i + CHUNK]) for i in range(0, len(parts), CHUNK)]

    def show_data(self, chunks: list[str]) -> None:
        """The first chunk at once, the others appended a chunk per turn of the event loop:
        a 10,000-message chat laid out in one go kept the GUI thread busy for half a second."""
        self._pending = list(chunks[1:])
        self.zone_label.setText(_("Times are in {zone} time.").format(zone=case_zone_name()))
        self.view.setHtml(chunks[0] if chunks else "")
        self._text_changed()
        if self._pending:
            self._append_timer.start()

    def _append_chunk(self) -> None:
        if self.session.closed or not self._pending:
            self._pending = []
            return
        cursor = QTextCursor(self.view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(self._pending.pop(0))
        self._text_changed()
        if self._pending:
            self._append_timer.start()

    @property
    def filling(self) -> bool:
        """Chunks of the transcript are still being appended."""
        return bool(self._pending)

    # ------------------------------------------------------------------ find
    def _build_find_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("findInTranscript")
        self.find_edit.setPlaceholderText(_("Find in the conversation (Ctrl+F)"))
        self.find_edit.setAccessibleName(_("Find in the conversation"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_prev = QPushButton(_("Previous match"))
        self.find_next = QPushButton(_("Next match"))
        self.find_count = QLabel()
        self.find_count.setObjectName("findCount")
        self.find_count.setMinimumWidth(90)
        row.addWidget(self.find_edit, 1)
        row.addWidget(self.find_prev)
        row.addWidget(self.find_next)
        row.addWidget(self.find_count)
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._doc_text: str | None = None  # the transcript's text, until it changes
        self._astral: list[int] = []  # where it has emoji (two UTF-16 units each)
        self._searched: str | None = None  # the query self.matches are for
        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(FIND_DELAY_MS)
        self._find_timer.timeout.connect(self.run_find)
        self.find_edit.textChanged.connect(lambda _t: self._find_timer.start())
        self.find_edit.returnPressed.connect(self.find_next_match)
        self.find_next.clicked.connect(self.find_next_match)
        self.find_prev.clicked.connect(self.find_previous_match)
        self._find_shortcuts = []
        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.focus_find),
            (QKeySequence.StandardKey.FindNext, self.find_next_match),
            (QKeySequence.StandardKey.FindPrevious, self.find_previous_match),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            self._find_shortcuts.append(sc)
        shift_enter = QShortcut(QKeySequence("Shift+Return"), self.find_edit)
        shift_enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        shift_enter.activated.connect(self.find_previous_match)
        escape = QShortcut(QKeySequence("Esc"), self.find_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.find_edit.clear)
        self._find_shortcuts += [shift_enter, escape]
        return row

    def focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _text_changed(self) -> None:
        """The transcript changed (a refresh, a chunk appended): search it again shortly, keeping
        the place (a long chat's chunks arrive one per turn: one search after the last)."""
        self._doc_text = None
        self._searched = None
        if self.find_edit.text().strip():
            self._find_timer.start()

    def run_find(self) -> None:
        """Find every match of the box's text in the transcript and show the one at or after
        the current place. One pass over the transcript's text in Python (a 10,000-message
        chat: a few milliseconds), then at most MAX_HIGHLIGHTS highlights."""
        self._find_timer.stop()
        query = self.find_edit.text()
        if not query.strip():
            self.matches, self.current, self._searched = [], -1, query
            self.view.setExtraSelections([])
            self.find_count.setText("")
            return
        if self._doc_text is None:
            # toRawText: positions match the document's (toPlainText turns nbsp into spaces,
            # which is the same length, but raw is cheaper)
            self._doc_text = self.view.document().toRawText()
            self._astral = astral_positions(self._doc_text)
        place = self.matches[self.current][0] if 0 <= self.current < len(self.matches) else 0
        self.matches = find_spans(self._doc_text, query, self._astral)
        self._searched = query
        if not self.matches:
            self.current = -1
            self.view.setExtraSelections([])
            self.find_count.setText(_("No match"))
            return
        starts = [a for a, _b in self.matches]
        self.current = min(bisect.bisect_left(starts, place), len(self.matches) - 1)
        self._show_current()

    def _ensure_searched(self) -> bool:
        if self._searched != self.find_edit.text() or self._find_timer.isActive():
            self.run_find()
            return False  # run_find showed the first match
        return bool(self.matches)

    def find_next_match(self) -> None:
        if self._ensure_searched():
            self.current = (self.current + 1) % len(self.matches)
            self._show_current()

    def find_previous_match(self) -> None:
        if self._ensure_searched():
            self.current = (self.current - 1) % len(self.matches)
            self._show_current()

    def _show_current(self) -> None:
        doc = self.view.document()
        lo = max(0, self.current - MAX_HIGHLIGHTS // 2)
        hi = min(len(self.matches), lo + MAX_HIGHLIGHTS)
        others, current = QTextCharFormat(), QTextCharFormat()
        others.setBackground(QColor("#fff176"))
        others.setForeground(QColor("#1d1d1d"))
        current.setBackground(QColor("#ff9800"))
        current.setForeground(QColor("#000000"))
        selections = []
        for k in range(lo, hi):
            a, b = self.matches[k]
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = current if k == self.current else others
            selections.append(sel)
        self.view.setExtraSelections(selections)
        a, b = self.matches[self.current]
        cursor = QTextCursor(doc)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.find_count.setText(
            _("{n} of {total}").format(n=self.current + 1, total=len(self.matches))
        )
