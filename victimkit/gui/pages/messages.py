"""Messages: the chat, as a transcript with speakers."""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.pages.transactions import local_time
from victimkit.gui.widgets import para
from victimkit.i18n import N_, _

CHUNK = 150  # messages laid out per turn of the event loop
MAX_MESSAGES = 20_000


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
        self.view = QTextBrowser()
        self.view.setObjectName("transcript")
        self.view.setOpenLinks(False)
        self.body.addWidget(self.view, 1)
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
            align = "right" if mine else "left"
            bg = "#d9f2d0" if mine else "#ffffff"
            # paragraphs, not tables: a table per message made a long chat slow to lay out
            parts.append(
                f'<p align="{align}" style="margin-top:4px; margin-bottom:4px">'
                f'<small style="color:{meta}">{who} · {when} · {src}</small><br>'
                f'<span style="background:{bg}; color:#1d1d1d">&nbsp;{text}&nbsp;</span></p>'
            )
        return ["".join(parts[i : i + CHUNK]) for i in range(0, len(parts), CHUNK)]

    def show_data(self, chunks: list[str]) -> None:
        """The first chunk at once, the others appended a chunk per turn of the event loop:
        a 10,000-message chat laid out in one go kept the GUI thread busy for half a second."""
        self._pending = list(chunks[1:])
        self.view.setHtml(chunks[0] if chunks else "")
        if self._pending:
            self._append_timer.start()

    def _append_chunk(self) -> None:
        if self.session.closed or not self._pending:
            self._pending = []
            return
        cursor = QTextCursor(self.view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(self._pending.pop(0))
        if self._pending:
            self._append_timer.start()

    @property
    def filling(self) -> bool:
        """Chunks of the transcript are still being appended."""
        return bool(self._pending)
