"""Transactions: what was paid, to whom, when — confirm, correct, add; the total loss."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
)

from victimkit.gui import backend
from victimkit.gui.models import Column, RecordsModel, size_columns_to_contents
from victimkit.gui.pages import Page
from victimkit.gui.widgets import Card, para, show_error
from victimkit.i18n import N_, _
from victimkit.store.audit import iso

_zone = {"name": "UTC"}  # the open case's time zone: times are shown as the phone showed them


def set_case_zone(name: str) -> None:
    _zone["name"] = name or "UTC"


def case_zone() -> ZoneInfo:
    """The open case's time zone (every time shown or typed in the GUI is in it, not in the
    machine's zone: a desk machine abroad or a volunteer's laptop must not shift the times)."""
    try:
        return ZoneInfo(_zone["name"])
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def case_zone_name() -> str:
    return str(case_zone())


def local_time(value) -> str:
    """A stored time (ISO, any offset) as the case's wall-clock time."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if when.tzinfo is None:
            return when.strftime("%Y-%m-%d %H:%M")  # a wall-clock time as it was written
        return when.astimezone(case_zone()).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def parse_local_time(text: str) -> datetime:
    """A typed "2024-10-14 23:35" as that wall-clock time in the case's zone (aware)."""
    return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=case_zone())


STATUSES = {
    "success": N_("paid"),
    "refunded": N_("refunded"),
    "pending": N_("pending"),
    "failed": N_("failed"),
    "closed": N_("closed"),
}


COLUMNS = [
    Column("occurred_at", N_("When"), lambda r: local_time(r.get("occurred_at"))),
    Column("amount", N_("Amount"), editable=True),
    Column("currency", N_("Currency"), editable=True),
    Column("payee_name", N_("Paid to"), editable=True),
    Column("payee_account", N_("Payee account"), editable=True),
    Column("payee_bank", N_("Bank"), editable=True),
    Column("payment_method", N_("Paid with"), editable=True),
    Column("order_number", N_("Order / transaction no."), editable=True),
    Column(
        "status",
        N_("Status"),
        lambda r: _(STATUSES.get(r.get("status") or "", r.get("status") or "")),
    ),
    Column(
        "evidence_id",
        N_("Exhibit"),
        lambda r: f"E-{r['evidence_id']:03d}" if r.get("evidence_id") else _("added by you"),
    ),
]


class AddTransactionDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Add a payment"))
        form = QFormLayout(self)
        self.when = QLineEdit(datetime.now(case_zone()).strftime("%Y-%m-%d %H:%M"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1130.00")
        self.currency = QLineEdit("CNY")
        self.payee_name = QLineEdit()
        self.payee_account = QLineEdit()
        self.payee_bank = QLineEdit()
        self.method = QLineEdit()
        self.order = QLineEdit()
        form.addRow(
            _("When (year-month-day hour:minute, {zone} time)").format(zone=case_zone_name()),
            self.when,
        )
        form.addRow(_("Amount paid"), self.amount)
        form.addRow(_("Currency"), self.currency)
        form.addRow(_("Paid to (name)"), self.payee_name)
        form.addRow(_("Payee account or card number"), self.payee_account)
        form.addRow(_("Payee bank"), self.payee_bank)
        form.addRow(_("Paid with"), self.method)
        form.addRow(_("Order / transaction no."), self.order)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def row(self) -> dict:
        amount = Decimal(self.amount.text().replace(",", "").replace("¥", "").strip())
        when = parse_local_time(self.when.text())
        return {
            "evidence_id": None,
            "occurred_at": iso(when),
            "amount": str(-abs(amount)),
            "currency": self.currency.text().strip() or "CNY",
            "direction": "out",
            "status": "",
            "counterparty": self.payee_name.text().strip(),
            "payee_name": self.payee_name.text().strip(),
            "payee_account": self.payee_account.text().strip(),
            "payee_bank": self.payee_bank.text().strip(),
            "payment_method": self.method.text().strip(),
            "order_number": self.order.text().strip(),
            "merchant_order_number": "",
            "description": "",
            "category": "",
            "source_ref": "person",
            "is_loss": 1,
        }


class TransactionsPage(Page):
    key = "transactions"
    title_text = N_("Money paid")
    scrolls = False

    def build(self) -> None:
        self.body.addWidget(
            para(
                _(
                    "Payments found in your evidence. Police need the payee account, bank, amount "
                    "and time first. Check each one against its screenshot and tick it; "
                    "double-click a cell to correct it. Add any payment that is missing."
                )
            )
        )
        self.total = Card("", "urgent")
        self.total_label = self.total.add_text("")
        self.body.addWidget(self.total)
        self.model = RecordsModel(COLUMNS, parent=self)
        self.model.confirm_toggled.connect(self._confirmed)
        self.model.edited.connect(self._edited)
        self.table = QTableView()
        self.table.setObjectName("transactions")
        self.table.setAccessibleName(_("Payments"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        size_columns_to_contents(self.table)
        self.table.doubleClicked.connect(self._open_exhibit)
        self.body.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add a payment…"))
        self.add_button.clicked.connect(self.add)
        row.addWidget(self.add_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.session.facts_changed.connect(self.request_refresh)
        self._dirty = True

    @staticmethod
    def read(store) -> list[dict]:
        return backend.fact_rows(store, "transactions")

    def show_data(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        totals = backend.loss_totals(rows)
        if totals:
            text = _("Total paid out: {totals}").format(
                totals=", ".join(f"{v} {k}" for k, v in totals.items())
            )
            confirmed = sum(1 for r in rows if r.get("confirmed"))
            text += "  ·  " + _("{n} of {total} checked").format(n=confirmed, total=len(rows))
        else:
            text = _("No payments found yet. They appear here when the screenshots have been read.")
        self.total_label.setText(text)

    def _confirmed(self, row_id: int, on: bool) -> None:
        backend.confirm_transaction(self.store, row_id, on)
        self.session.facts_changed.emit()

    def _edited(self, row_id: int, field: str, value) -> None:
        try:
            backend.correct_transaction(self.store, row_id, field, str(value).strip())
        except Exception as exc:
            self.refresh()
            show_error(self, exc, title=_("That value was not kept"))
            return
        self.session.facts_changed.emit()

    def _open_exhibit(self, index) -> None:
        if index.column() == len(COLUMNS):
            rid = self.model.row_dict(index.row()).get("evidence_id")
            if rid:
                self.window_.show_page("evidence_viewer", evidence_id=rid)

    def add(self) -> None:
        dlg = AddTransactionDialog(self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            row = dlg.row()
        except (InvalidOperation, ValueError):
            show_error(
                self,
                ValueError(
                    _("Please enter the amount as a number and the time as 2024-10-14 23:35.")
                ),
            )
            return
        backend.add_transaction(self.store, row)
        self.session.facts_changed.emit()
