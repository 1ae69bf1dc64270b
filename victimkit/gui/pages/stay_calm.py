"""Stay calm: the urgent actions first, the right numbers for the country, "is this a scam?"."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.widgets import Card, channel_label, para
from victimkit.i18n import N_, _

COUNTRIES = (
    ("CN", N_("China (mainland)")),
    ("US", N_("United States")),
    ("UK", N_("United Kingdom")),
)

VERDICTS = {
    "suspicious": (
        "warn",
        N_("This looks like a scam."),
        N_(
            "Do not pay, do not send codes, do not click links in it. Keep the message as evidence."
        ),
    ),
    "warning_about_scams": (
        "calm",
        N_("This text warns about scams; it does not look like one."),
        N_("Still, never pay or share codes because of a message."),
    ),
    "no_red_flags": (
        "ok",
        N_("No warning signs found in this text."),
        N_(
            "That does not prove it is safe. If it asks for money or codes, stop and ask someone you trust."
        ),
    ),
    "unavailable": (
        "calm",
        N_("The check is not available in this version."),
        N_("If a message asks you for money, codes or to move to another app, treat it as a scam."),
    ),
}


class StayCalmPage(Page):
    key = "stay_calm"
    title_text = N_("Stay calm — do these first")
    step_id = "act_now"

    def build(self) -> None:
        calm = Card(_("You are doing the right thing"), "ok")
        _t, summary = backend.step_text("stay_calm")
        calm.add_text(summary)
        self.body.addWidget(calm)

        row = QHBoxLayout()
        row.addWidget(QLabel(_("Where will you report it?")))
        self.country_box = QComboBox()
        self.country_box.setAccessibleName(_("Country"))
        for code, name in COUNTRIES:
            self.country_box.addItem(_(name), code)
        row.addWidget(self.country_box)
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        self.body.addWidget(holder)

        self.urgent = Card(_("Right now"), "urgent")
        self.body.addWidget(self.urgent)

        self.deadlines = Card(_("Time limits"), "warn")
        self.deadlines_text = self.deadlines.add_text("", rich=True)
        self.body.addWidget(self.deadlines)
        self.session.facts_changed.connect(
            lambda: self.isVisible() and self.show_deadlines()  # else when next shown
        )

        self.later = Card(_("Next"), "calm")
        self.body.addWidget(self.later)

        check = Card(_("Is this a scam? Paste a message to check it"), "calm")
        self.paste_box = QPlainTextEdit()
        self.paste_box.setPlaceholderText(_("Paste the message you received here…"))
        self.paste_box.setAccessibleName(_("Message to check"))
        self.paste_box.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        self.paste_box.setTabChangesFocus(True)
        check.add(self.paste_box)
        self.check_button = QPushButton(_("Check this message"))
        self.check_button.clicked.connect(self.check)
        check.add(self.check_button)
        self.result = Card("", "calm")
        self.result.hide()
        check.add(self.result)
        self.body.addWidget(check)

        idx = self.country_box.findData(self.country)
        self.country_box.setCurrentIndex(max(idx, 0))
        self.country_box.currentIndexChanged.connect(self._country_changed)
        self._fill_actions()
        self.show_deadlines()

    def _country_changed(self) -> None:
        self.session.update_case(country=self.country_box.currentData())
        self._fill_actions()
        self.show_deadlines()
        self.window_.show_deadlines()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.show_deadlines()  # the time left moves on

    def show_deadlines(self) -> None:
        """Each time limit of the guide with the time left, counted from the first payment."""
        if self.session.closed:
            return
        self.session.load("deadlines_calm", backend.deadlines, on_done=self._show_deadlines)

    def _show_deadlines(self, items: list[dict]) -> None:
        if not items:
            self.deadlines.hide()
            return
        zone = ZoneInfo(self.session.row.get("timezone") or "UTC")
        rows = []
        for d in items:
            due = d["due_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M")
            rows.append(
                f"<b>{html.escape(d['title'])}</b> — <b>{html.escape(d['left'])}</b> "
                f"({html.escape(_('until {time}').format(time=due))})"
                f"<br>{html.escape(d['note'])}"
            )
        self.deadlines_text.setText("<br><br>".join(rows))
        self.deadlines.show()

    def _clear(self, card: Card) -> None:
        while card.body.count() > 1:
            w = card.body.takeAt(1).widget()
            if w is not None:
                w.deleteLater()

    def _fill_actions(self) -> None:
        country = self.country_box.currentData()
        for card, step in ((self.urgent, "act_now"), (self.later, "stay_calm")):
            self._clear(card)
            for n, (text, channels) in enumerate(backend.step_actions(step, country), 1):
                card.add_text(f"{n}. {text}")
                if channels:
                    card.add(channel_label(channels))

    def check(self) -> None:
        text = self.paste_box.toPlainText().strip()
        if not text:
            self.paste_box.setFocus()
            return
        res = backend.check_text(text)
        tone, head, advice = VERDICTS.get(res.verdict, VERDICTS["no_red_flags"])
        self.verdict = res.verdict
        self.result.set_tone(tone)
        self._clear(self.result)
        while self.result.body.count():
            w = self.result.body.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        parts = [f"<b>{html.escape(_(head))}</b>"]
        if res.types:
            parts.append(html.escape(_("Looks like: {types}").format(types=", ".join(res.types))))
        if res.phrases:
            parts.append(
                html.escape(
                    _("Warning signs: {phrases}").format(phrases="、".join(res.phrases[:8]))
                )
            )
        parts.append(html.escape(_(advice)))
        for a in res.advice[:3]:
            # the check's own advice, when it is in the language shown (never half-translated)
            if backend.lang() != "zh" or any("\u4e00" <= ch <= "\u9fff" for ch in a):
                parts.append(html.escape(a))
        self.result.add(para("<br>".join(parts), rich=True, selectable=True))
        self.result.show()
