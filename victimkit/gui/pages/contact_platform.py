"""Contact the platform: the official channels, a draft complaint, and a log of every contact."""

from __future__ import annotations

import html
from datetime import datetime, time

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.pages.transactions import case_zone, case_zone_name, local_time
from victimkit.gui.widgets import Card
from victimkit.i18n import N_, _


class ContactLog(Card):
    """The contact log: date, channel, ticket number, answer — kept in the case's audit chain."""

    def __init__(self, page: Page, kind: str, title: str):
        super().__init__(title, "calm")
        self.page = page
        self.kind = kind
        self.entries = self.add_text("", rich=True, selectable=True)
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.date = QDateEdit(QDate(datetime.now(case_zone()).date()))
        self.date.setCalendarPopup(True)
        self.channel = QLineEdit()
        self.channel.setPlaceholderText(_("e.g. in-app report"))
        self.ticket = QLineEdit()
        self.answer = QLineEdit()
        self.date_label = QLabel(_("Date ({zone} time)").format(zone=case_zone_name()))
        form.addRow(self.date_label, self.date)
        form.addRow(_("How you contacted them"), self.channel)
        form.addRow(_("Ticket or reference number"), self.ticket)
        form.addRow(_("What they answered"), self.answer)
        self.save_button = QPushButton(_("Add to the log"))
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        self.add(form_box)

    def save(self) -> None:
        if not (self.channel.text().strip() or self.ticket.text().strip()):
            self.channel.setFocus()
            return
        # noon of that day in the case's zone (not the machine's)
        when = datetime.combine(self.date.date().toPython(), time(12, 0), tzinfo=case_zone())
        note = " — ".join(t for t in (self.channel.text().strip(), self.answer.text().strip()) if t)
        backend.log_action(
            self.page.store, self.kind, ref=self.ticket.text().strip(), note=note, occurred_at=when
        )
        for w in (self.channel, self.ticket, self.answer):
            w.clear()
        self.refresh()

    def refresh(self) -> None:
        rows = [a for a in backend.action_log(self.page.store) if a.get("kind") == self.kind]
        if not rows:
            self.entries.setText(html.escape(_("Nothing recorded yet.")))
            return
        lines = []
        for a in rows:
            bits = [local_time(a.get("occurred_at") or a.get("at"))[:10], a.get("note") or ""]
            if a.get("ref"):
                bits.append(_("ticket {n}").format(n=a["ref"]))
            lines.append(html.escape(" · ".join(b for b in bits if b)))
        self.entries.setText("<br>".join(lines))


class DraftCard(Card):
    def __init__(self, page: Page, kind: str, title: str):
        super().__init__(title, "calm")
        self.page = page
        self.kind = kind
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(140)
        self.text.setTabChangesFocus(True)
        self.add(self.text)
        self.copy_button = QPushButton(_("Copy the text"))
        self.copy_button.clicked.connect(self.copy)
        self.add(self.copy_button)

    def refresh(self) -> None:
        self.show_text(backend.draft(self.page.store, self.kind))

    def show_text(self, text: str) -> None:
        if text:
            self.text.setPlainText(text)
            self.show()
        else:
            self.hide()

    def copy(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.text.toPlainText())


class ContactPlatformPage(Page):
    key = "contact_platform"
    title_text = N_("Contact the platform")
    step_id = "contact_platform"

    def build(self) -> None:
        self.body.addWidget(self.step_summary())
        self.channels = Card(_("Official channels"), "calm")
        self.body.addWidget(self.channels)
        warn = Card("", "warn")
        warn.add_text(
            _(
                "Never call a “customer service” number found through a search engine or sent to you: scammers post fake ones."
            )
        )
        self.body.addWidget(warn)
        self.draft = DraftCard(self, "platform", _("A complaint you can send (edit it first)"))
        self.body.addWidget(self.draft)
        self.log = ContactLog(self, "platform_report", _("Your contacts with the platform"))
        self.body.addWidget(self.log)
        self._dirty = True

    @staticmethod
    def read(store) -> str:
        """The complaint draft (it reads the whole case): on the reader thread."""
        return backend.draft(store, "platform")

    def show_data(self, draft: str) -> None:
        self.show_channels(
            self.channels,
            "contact_platform",
            _("Use the report button inside the app where it happened."),
        )
        self.draft.show_text(draft)
        self.log.refresh()
