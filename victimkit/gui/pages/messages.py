"""Messages: the chat, as a transcript with speakers."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtWidgets import QTextBrowser

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.widgets import para
from victimkit.i18n import N_, _


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
        from victimkit.gui.widgets import dark_palette

        self._dark = dark_palette()

    def read(self, store) -> str:
        """The transcript's HTML, built on the reader thread (no widgets touched here)."""
        rows = backend.fact_rows(store, "messages")
        if not rows:
            return (
                "<p>"
                + html.escape(_("No messages yet. Add a chat export or chat screenshots."))
                + "</p>"
            )
        dark = self._dark
        meta = "#d0d0d0" if dark else "#555"
        parts = []
        for r in rows[:5000]:
            when = ""
            if r.get("sent_at"):
                try:
                    when = (
                        datetime.fromisoformat(r["sent_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
                    )
                except ValueError:
                    when = r["sent_at"]
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
            parts.append(
                f'<table width="100%"><tr><td align="{align}">'
                f'<small style="color:{meta}">{who} · {when} · {src}</small><br>'
                f'<span style="background:{bg}; color:#1d1d1d">&nbsp;{text}&nbsp;</span>'
                "</td></tr></table>"
            )
        return "".join(parts)

    def show_data(self, page_html: str) -> None:
        self.view.setHtml(page_html)
