"""Third-party services: other official channels, drafts for their forms, a contact log."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from victimkit.gui import backend
from victimkit.gui.models import Column, RecordsModel
from victimkit.gui.pages import Page
from victimkit.gui.pages.contact_platform import ContactLog, DraftCard
from victimkit.gui.widgets import Card, para
from victimkit.i18n import N_, _


class ThirdPartyPage(Page):
    key = "third_party"
    title_text = N_("Other official services")
    step_id = "other_channels"

    def build(self) -> None:
        self.body.addWidget(self.step_summary())
        self.channels = Card(_("Where else to report"), "calm")
        self.body.addWidget(self.channels)
        self.forms_hint = para(
            _(
                "Their online forms ask for the same facts again. The boxes below hold them, "
                "taken from your case: check them, then copy each block into the form."
            )
        )
        self.body.addWidget(self.forms_hint)
        self.forms: list[DraftCard] = []
        self.forms_at = self.body.count()
        abuse = Card(_("If a platform will not let you withdraw your money"), "warn")
        self.abuse_model = RecordsModel(
            [
                Column("behaviour", N_("What happens")),
                Column("meaning", N_("What it means")),
                Column("todo", N_("What to do")),
            ],
            confirmable=False,
            parent=self,
        )
        table = QTableView()
        table.setModel(self.abuse_model)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(220)
        self.abuse_table = table
        abuse.add(table)
        self.body.addWidget(abuse)
        self.log = ContactLog(self, "online_report", _("Your reports to other services"))
        self.body.addWidget(self.log)
        self._dirty = True

    @staticmethod
    def read(store) -> list[dict]:
        """The official forms' drafts for the case's country (they read the whole case)."""
        return backend.form_drafts(store, store.case_row().get("country") or "CN")

    def show_data(self, drafts: list[dict]) -> None:
        self.show_channels(
            self.channels, "other_channels", _("No other services are listed for this country.")
        )
        self._fill_forms(drafts)
        self.abuse_model.set_rows(
            [dict(r, id=n) for n, r in enumerate(backend.platform_abuse_rows())]
        )
        self.abuse_table.resizeRowsToContents()
        self.log.refresh()

    def _fill_forms(self, drafts: list[dict]) -> None:
        """The copy-paste drafts of the official forms (IC3 and FTC in the US, Report Fraud in
        the UK), shown only for the case's country."""
        for card in self.forms:
            self.body.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.forms = []
        self.forms_hint.setVisible(bool(drafts))
        for n, d in enumerate(drafts):
            card = DraftCard(self, d["kind"], d["title"])
            card.text.setPlainText(d["text"])
            card.text.setMinimumHeight(220)
            self.body.insertWidget(self.forms_at + n, card)
            self.forms.append(card)
