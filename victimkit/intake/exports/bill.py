"""From a bill's rows to transactions, driven by a small description of its columns.

A ``BillSpec`` names the columns that identify a layout (``signature``) and, for every field, the
header names it may have. The header row is found by its column names, wherever the banner and
notes put it; rows that are not transactions (totals, notes, blank lines) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from victimkit.core.models import Transaction
from victimkit.errors import EvidenceFileError
from victimkit.i18n import _, ngettext
from victimkit.intake.exports.common import (
    CHINA_ZONE,
    clean_cell,
    currency_in,
    is_decimal_comma,
    is_loss,
    localise,
    normalise_status,
    parse_amount,
    parse_bill_datetime,
)
from victimkit.intake.exports.probe import Options
from victimkit.intake.exports.table import Row, Sheet, find_header, norm_header, read_sheet

ROLES = (
    "datetime", "date", "time", "amount", "income", "expense", "flag", "status", "counterparty",
    "account", "bank", "description", "category", "method", "order", "merchant_order", "currency",
    "note", "balance", "fee", "timezone", "refund",
)  # fmt: skip

TOTAL_WORDS = ("合计", "总计", "小计", "以上数据", "本页", "共计", "total", "subtotal", "汇总")


@dataclass(frozen=True)
class BillSpec:
    name: str  # layout name, e.g. "icbc_debit"
    signature: tuple[str, ...]  # header names that must all be present
    columns: dict[str, tuple[str, ...]]  # role -> header names, first found wins
    sign: str = (
        "signed"  # "signed" (negative = paid out), "card" (positive = spent), "split", "flag"
    )
    flag_map: Callable[[str], str] | None = None  # flag cell -> "in" / "out" / "neutral"
    zone: str | None = CHINA_ZONE  # None: the case's zone
    currency: str = "CNY"
    banner: tuple[
        str, ...
    ] = ()  # words one of which must appear above the header (to tell banks apart)
    keywords_in: tuple[str, ...] = ()  # description words that mean money came in (card statements)
    year_from_banner: bool = False  # "12/29" dates: year from "2024年01月" in the banner
    extra: dict = field(default_factory=dict)


def match_spec(rows: list[list[str]], specs: tuple[BillSpec, ...]) -> BillSpec | None:
    for spec in specs:
        found = find_header(rows, spec.signature)
        if found is None:
            continue
        if spec.banner:
            above = " ".join(" ".join(r) for r in rows[: found[0] + 1])
            if not any(word in above for word in spec.banner):
                continue
        return spec
    return None


def _get(cells: list[str], colmap: dict[str, int], names: tuple[str, ...]) -> str:
    for name in names:
        j = colmap.get(norm_header(name))
        if j is not None and j < len(cells):
            value = clean_cell(cells[j])
            if value:
                return value
    return ""


def _has(colmap: dict[str, int], names: tuple[str, ...]) -> bool:
    return any(norm_header(n) in colmap for n in names)


def flag_cn(value: str) -> str:
    """收/支 and 借贷 cells: 收入/贷 -> in, 支出/借 -> out, 不计收支 and '/' -> neutral."""
    v = value.replace(" ", "")
    if not v or v in {"/", "-"} or "不计" in v or "中性" in v:
        return "neutral"
    if v.startswith(("支", "借", "出", "付")) or "支出" in v or v.lower() in {"dr", "debit", "d"}:
        return "out"
    if v.startswith(("收", "贷", "入", "存")) or "收入" in v or v.lower() in {"cr", "credit", "c"}:
        return "in"
    return "neutral"


def _banner_year_month(rows: list[Row], header_index: int) -> tuple[int, int] | None:
    text = " ".join(" ".join(r.cells) for r in rows[: header_index + 1])
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _month_day(value: str, ym: tuple[int, int] | None) -> str:
    """'12/29' on a January 2024 statement is 2023-12-29."""
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})", value)
    if not m or ym is None:
        return value
    year, month = ym
    mon, day = int(m.group(1)), int(m.group(2))
    if mon > month:
        year -= 1
    return f"{year:04d}-{mon:02d}-{day:02d}"


def read_bill(
    path: Path, specs: tuple[BillSpec, ...], fmt: str, options: Options, sheet: Sheet | None = None
):
    """(messages, transactions, participants, problems, encoding) for a bill in one of ``specs``."""
    sheet = sheet or read_sheet(path)
    rows = sheet.rows
    plain = [r.cells for r in rows]
    spec = match_spec(plain, specs)
    if spec is None:
        raise EvidenceFileError(
            path, _("the header row of the {fmt} bill was not found").format(fmt=fmt)
        )
    header_index, colmap = find_header(plain, spec.signature)
    cols = spec.columns
    zone_name = spec.zone or options.timezone
    ym = _banner_year_month(rows, header_index) if spec.year_from_banner else None

    # Decimal commas are decided once for the whole file (PayPal in Spanish, German ...).
    amount_names = cols.get("amount", ()) + cols.get("income", ()) + cols.get("expense", ())
    samples = [
        _get(r.cells, colmap, amount_names) for r in rows[header_index + 1 : header_index + 400]
    ]
    samples = [s for s in samples if s]
    decimal_comma = bool(samples) and sum(is_decimal_comma(s) for s in samples) > len(samples) / 2

    txs: list[Transaction] = []
    skipped = 0
    for row in rows[header_index + 1 :]:
        cells = row.cells
        if not any(clean_cell(c) for c in cells):
            continue
        joined = " ".join(clean_cell(c) for c in cells)
        date_text = _get(cells, colmap, cols.get("datetime", ()) + cols.get("date", ()))
        if ym is not None:
            date_text = _month_day(date_text, ym)
        when = parse_bill_datetime(date_text, _get(cells, colmap, cols.get("time", ())))
        if when is None:
            if any(w in joined.lower() for w in TOTAL_WORDS) or joined.startswith(
                ("-", "#", "注", "*")
            ):
                continue  # totals, notes, separators
            if not date_text and not any(parse_amount(c) is not None for c in cells[1:]):
                continue
            skipped += 1
            continue

        amount_text = _get(cells, colmap, cols.get("amount", ()))
        income = parse_amount(
            _get(cells, colmap, cols.get("income", ())), decimal_comma=decimal_comma
        )
        expense = parse_amount(
            _get(cells, colmap, cols.get("expense", ())), decimal_comma=decimal_comma
        )
        amount = parse_amount(amount_text, decimal_comma=decimal_comma)
        description = _get(cells, colmap, cols.get("description", ()))
        flag_text = _get(cells, colmap, cols.get("flag", ()))

        if spec.sign == "split" or (amount is None and (income or expense)):
            if expense:
                value, direction = -abs(expense), "out"
            elif income:
                value, direction = abs(income), "in"
            else:
                value, direction = Decimal("0"), "neutral"
        elif amount is None:
            skipped += 1
            continue
        elif spec.sign == "flag":
            direction = (spec.flag_map or flag_cn)(flag_text)
            if direction == "neutral" and amount < 0:
                direction = "out"
            value = -abs(amount) if direction == "out" else abs(amount)
        elif spec.sign == "card":
            direction = "out" if amount > 0 else "in"
            if spec.keywords_in and any(k in description for k in spec.keywords_in):
                direction = "in"
            value = -abs(amount) if direction == "out" else abs(amount)
        else:  # signed: negative = paid out
            direction = "out" if amount < 0 else "in"
            value = amount
        if value == 0 and direction != "neutral" and spec.sign != "flag":
            direction = "neutral"

        if value.as_tuple().exponent > -2:  # 67 from a spreadsheet number is 67.00
            value = value.quantize(Decimal("0.01"))
        status_raw = _get(cells, colmap, cols.get("status", ()))
        status = normalise_status(status_raw) or (
            "success" if not _has(colmap, cols.get("status", ())) else ""
        )
        refund = parse_amount(
            _get(cells, colmap, cols.get("refund", ())), decimal_comma=decimal_comma
        )
        if refund and status not in ("closed", "failed"):
            status = "refunded" if abs(refund) >= abs(value) else "partially_refunded"
        currency = (
            currency_in(_get(cells, colmap, cols.get("currency", ())) or "")
            or _currency_word(_get(cells, colmap, cols.get("currency", ())))
            or currency_in(amount_text)
            or spec.currency
        )
        fields = {}
        if status_raw:
            fields["status_text"] = {"value": status_raw}
        if flag_text:
            fields["flag_text"] = {"value": flag_text}
        balance = _get(cells, colmap, cols.get("balance", ()))
        if balance:
            fields["balance"] = {"value": balance}
        counterparty = _get(cells, colmap, cols.get("counterparty", ()))
        zone_here = _get(cells, colmap, cols.get("timezone", ()))
        occurred = _aware(when, zone_here, zone_name)
        txs.append(
            Transaction(
                occurred_at=occurred,
                amount=value,
                currency=currency,
                direction=direction,
                status=status,
                counterparty=counterparty,
                payee_name=counterparty if direction == "out" else "",
                payee_account=_get(cells, colmap, cols.get("account", ())).strip("/")
                if direction == "out"
                else "",
                payee_bank=_get(cells, colmap, cols.get("bank", ())).strip("-")
                if direction == "out"
                else "",
                payment_method=_get(cells, colmap, cols.get("method", ())).strip("/"),
                order_number=_get(cells, colmap, cols.get("order", ())).strip("/"),
                merchant_order_number=_get(cells, colmap, cols.get("merchant_order", ())).strip(
                    "/"
                ),
                description=description.strip("/")
                or _get(cells, colmap, cols.get("note", ())).strip("/"),
                category=_get(cells, colmap, cols.get("category", ())).strip("/"),
                source_ref=row.ref,
                is_loss=is_loss(direction, status),
                fields=fields,
            )
        )
    problems = []
    if skipped:
        problems.append(
            ngettext(
                "{n} row could not be read as a transaction and was left out",
                "{n} rows could not be read as transactions and were left out",
                skipped,
            ).format(n=skipped)
        )
    return [], txs, [], problems, sheet.encoding or sheet.container


_CURRENCY_WORDS = {
    "人民币": "CNY",
    "美元": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
}


def _currency_word(value: str) -> str | None:
    for word, code in _CURRENCY_WORDS.items():
        if word in value:
            return code
    v = value.strip().upper()
    return v if re.fullmatch(r"[A-Z]{3}", v) else None


_ABBREV = {
    "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "HKT": 8, "SGT": 8,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}  # fmt: skip


def _aware(naive, zone_cell: str, default_zone: str):
    from datetime import timedelta, timezone

    from victimkit.intake.exports.common import zone as zone_of

    z = zone_cell.strip()
    if z:
        if z.upper() in _ABBREV:
            return naive.replace(tzinfo=timezone(timedelta(hours=_ABBREV[z.upper()])))
        m = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?", z)
        if m:
            delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
            return naive.replace(tzinfo=timezone(delta if m.group(1) == "+" else -delta))
        if "/" in z:
            return naive.replace(tzinfo=zone_of(z))
    return localise(naive, default_zone)


def sniff_specs(rows: list[list[str]], specs: tuple[BillSpec, ...]) -> BillSpec | None:
    return match_spec(rows, specs) if rows else None
