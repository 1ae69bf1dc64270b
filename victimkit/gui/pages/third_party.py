"""Third-party services: other official channels, drafts for their forms, a contact log."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from victimkit.gui import backend
from victimkit.gui.models import Column, RecordsModel
from victimkit.gui.pages import Page
from victimkit.gui.pages.contact_platform import ContactLog
from victimkit.gui.widgets import Card, channel_label, para
from victimkit.i18n import N_, _


class ThirdPartyPage(Page):
    key = "third_party"
    title_text = N_("Other official services")
    step_id = "other_channels"

    def build(self) -> None:
        self.body.addWidget(self.step_summary())
        self.channels = Card(_("Where else to report"), "calm")
        self.body.addWidget(self.channels)
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

    def refresh(self) -> None:
        while self.channels.body.count() > 1:
            w = self.channels.body.takeAt(1).widget()
            if w is not None:
                w.deleteLater()
        chans = backend.step_channels("other_channels", self.country)
        self.channels.add(
            channel_label(chans)
            if chans
            else para(_("No other services are listed for this country."))
        )
        self.abuse_model.set_rows(
            [dict(r, id=n) for n, r in enumerate(backend.platform_abuse_rows())]
        )
        self.abuse_table.resizeRowsToContents()
        self.log.refresh()
