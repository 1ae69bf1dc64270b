"""Suspect identifiers: phone numbers, accounts, IDs the other side used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from victimkit.gui import backend
from victimkit.gui.models import Column, RecordsModel, size_columns_to_contents
from victimkit.gui.pages import Page
from victimkit.gui.widgets import FlowLayout, para
from victimkit.i18n import N_, _

KINDS = {
    "phone": N_("Phone number"),
    "wechat_id": N_("WeChat ID"),
    "qq": N_("QQ number"),
    "douyin_id": N_("Douyin ID"),
    "alipay": N_("Alipay account"),
    "email": N_("E-mail"),
    "url": N_("Web address"),
    "domain": N_("Web site"),
    "bank_card": N_("Bank card"),
    "card_tail": N_("Card ending (last digits)"),
    "account": N_("Account number"),
    "account_masked": N_("Account number (partly hidden)"),
    "phone_masked": N_("Phone number (partly hidden)"),
    "payee_name": N_("Payee name"),
    "crypto_tron": N_("Crypto wallet (TRON)"),
    "crypto_eth": N_("Crypto wallet (Ethereum)"),
    "crypto_btc": N_("Crypto wallet (Bitcoin)"),
    "service_number": N_("Service number"),
    "resident_id": N_("ID card number"),
}
ROLES = {
    "suspect": N_("Suspect"),
    "payee": N_("Payee"),
    "victim": N_("You"),
    "unknown": N_("Not sure"),
}


class IdentifiersPage(Page):
    key = "identifiers"
    title_text = N_("Who they are: their numbers and accounts")
    scrolls = False

    def build(self) -> None:
        self.body.addWidget(
            para(
                _(
                    "Numbers, accounts and addresses found in your evidence. Nicknames are easy to "
                    "fake; these IDs are what lets police find the account. Never call or open them."
                )
            )
        )
        self.model = RecordsModel(
            [
                Column(
                    "kind", N_("Kind"), lambda r: _(KINDS.get(r.get("kind"), r.get("kind") or ""))
                ),
                Column("value", N_("Value")),
                Column(
                    "role", N_("Whose"), lambda r: _(ROLES.get(r.get("role"), ROLES["unknown"]))
                ),
                Column(
                    "evidence_ids",
                    N_("Seen in"),
                    lambda r: ", ".join(f"E-{i:03d}" for i in r.get("evidence_ids") or []),
                ),
            ],
            confirmable=False,
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("identifiers")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        size_columns_to_contents(self.table)
        self.body.addWidget(self.table, 1)
        roles_row = QWidget()
        roles = FlowLayout(roles_row)  # wraps under a large font instead of widening the page
        question = QLabel(_("Whose is the selected one?"))
        question.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        question.setMinimumHeight(QPushButton("M").sizeHint().height())  # level with the buttons
        roles.addWidget(question)
        self.role_buttons = {}
        for role, label in (
            ("suspect", N_("Theirs (the suspect)")),
            ("payee", N_("Where my money went")),
            ("victim", N_("Mine")),
            ("unknown", N_("Not sure")),
        ):
            b = QPushButton(_(label))
            b.clicked.connect(lambda _c=False, r=role: self.set_role(r))
            roles.addWidget(b)
            self.role_buttons[role] = b
        self.body.addWidget(roles_row)
        self.role_note = para("")
        self.body.addWidget(self.role_note)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty = para(
            _("None found yet. They appear here when the screenshots have been read.")
        )
        self.body.addWidget(self.empty)
        self.session.facts_changed.connect(self.request_refresh)
        self._dirty = True

    @staticmethod
    def read(store) -> list[dict]:
        return backend.identifiers(store)

    def show_data(self, rows: list[dict]) -> None:
        self.model.set_rows([dict(r, id=n) for n, r in enumerate(rows)])
        self.empty.setVisible(not rows)
        self._selection_changed()

    def selected_row(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_dict(rows[0].row()) if rows else None

    def _selection_changed(self, *_a) -> None:
        row = self.selected_row()
        can = bool(row and row.get("entity_ids"))
        for b in self.role_buttons.values():
            b.setEnabled(can)
        if row and not can:
            self.role_note.setText(
                _("This one comes from a payment record; correct it on the “Money paid” page.")
            )
        else:
            self.role_note.setText("")

    def set_role(self, role: str) -> None:
        """A person says whose number or account it is (kept as a correction; theirs wins)."""
        row = self.selected_row()
        if not row or not row.get("entity_ids"):
            return
        key = (row.get("kind"), row.get("value"))
        backend.set_identifier_role(self.store, row["entity_ids"], role)
        self.session.facts_changed.emit()
        self.refresh()
        for n, r in enumerate(self.model.rows):
            if (r.get("kind"), r.get("value")) == key:
                self.table.selectRow(n)
                break
