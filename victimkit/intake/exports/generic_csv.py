"""Any other bill as CSV/XLSX with recognisable column names (date, amount or income/expense).

Only taken when a header row names a date column and an amount (or income and expense)
column and the rows below it read as dated amounts; anything else stays a plain document.
"""

from __future__ import annotations

from pathlib import Path

from victimkit.intake.exports.bill import BillSpec, flag_cn, read_bill
from victimkit.intake.exports.common import clean_cell, parse_amount, parse_bill_datetime
from victimkit.intake.exports.probe import Options, Probe
from victimkit.intake.exports.table import norm_header, read_sheet

FORMATS = {"generic_bill_csv": "bill_export"}

NAMES = {
    "datetime": ("交易时间", "交易日期", "日期", "时间", "记账日期", "交易日", "date", "datetime", "time", "transaction date", "booking date", "posted date"),
    "amount": ("金额", "交易金额", "金额(元)", "发生额", "amount", "amount (cny)", "value", "transaction amount"),
    "income": ("收入", "收入金额", "存入", "贷方金额", "贷方发生额", "credit", "credit amount", "deposit", "paid in"),
    "expense": ("支出", "支出金额", "取出", "借方金额", "借方发生额", "debit", "debit amount", "withdrawal", "paid out"),
    "flag": ("收/支", "收支", "借贷", "借贷标志", "收支类型", "direction", "dr/cr"),
    "status": ("状态", "交易状态", "当前状态", "status"),
    "counterparty": ("交易对方", "对方户名", "对方名称", "对方", "收款人", "收款方", "payee", "counterparty", "name", "beneficiary", "recipient"),
    "account": ("对方账号", "对方账户", "收款账号", "收款人账号", "对方卡号", "账号", "卡号", "account", "payee account", "iban"),
    "bank": ("对方开户行", "对方银行", "收款银行", "bank"),
    "description": ("摘要", "商品", "商品说明", "交易摘要", "用途", "附言", "备注", "description", "memo", "details", "narrative", "reference"),
    "currency": ("币种", "货币", "币别", "currency"),
    "order": ("交易单号", "订单号", "流水号", "交易号", "transaction id", "reference number"),
    "method": ("支付方式", "payment method"),
}  # fmt: skip


def _spec_for(rows: list[list[str]]) -> BillSpec | None:
    for i, row in enumerate(rows[:60]):
        names = [norm_header(c) for c in row]
        present = set(names)
        columns = {}
        for role, candidates in NAMES.items():
            found = tuple(c for c in candidates if norm_header(c) in present)
            if found:
                columns[role] = found
        if "datetime" not in columns or not (
            {"amount"} & columns.keys() or {"income", "expense"} <= columns.keys()
        ):
            continue
        # the rows below must really be dated amounts
        date_col = names.index(norm_header(columns["datetime"][0]))
        amount_names = columns.get("amount") or columns["expense"]
        amount_col = names.index(norm_header(amount_names[0]))
        good = 0
        for r in rows[i + 1 : i + 20]:
            if len(r) > max(date_col, amount_col) and parse_bill_datetime(clean_cell(r[date_col])):
                good += 1
        if good == 0:
            continue
        sign = "split" if "amount" not in columns else ("flag" if "flag" in columns else "signed")
        return BillSpec(
            name="generic",
            signature=tuple(
                row[names.index(norm_header(c[0]))] for c in (columns["datetime"], amount_names)
            ),
            columns=columns,
            sign=sign,
            flag_map=flag_cn,
            zone=None,
        )
    return None


def sniff(probe: Probe) -> str | None:
    rows = probe.rows
    if not rows or max((len(r) for r in rows[:60]), default=0) < 3:
        return None
    return "generic_bill_csv" if _spec_for(rows) else None


def parse(path: Path, fmt: str, options: Options):
    sheet = read_sheet(path)
    spec = _spec_for([r.cells for r in sheet.rows])
    if spec is None:
        from victimkit.errors import EvidenceFileError
        from victimkit.i18n import _

        raise EvidenceFileError(path, _("no header row with a date and an amount column was found"))
    return read_bill(path, (spec,), fmt, options, sheet=sheet)


__all__ = ["FORMATS", "parse", "parse_amount", "sniff"]
