"""PayPal activity and statement CSVs, in English, Spanish, German, French and Chinese.

Activity: ``Date, Time, TimeZone, Name, Type, Status, Currency, Gross, Fee, Net, …``; dates
dd/mm/yyyy or mm/dd/yyyy (decided per file from all its dates), sometimes every field quoted
with thousands separators, decimal commas in Spanish, German and French exports (``"4.626,81"``).
Statement: ``Date, Time, Time Zone, Description, Currency, Gross, Fee, Net, Balance, …`` with an
IANA zone. Gross is signed: negative is money paid out.
"""

from __future__ import annotations

import re
from pathlib import Path

from victimkit.intake.exports.bill import BillSpec, match_spec, read_bill
from victimkit.intake.exports.common import clean_cell
from victimkit.intake.exports.probe import Options, Probe
from victimkit.intake.exports.table import Row, Sheet, find_header, norm_header, read_sheet

FORMATS = {"paypal_csv": "bill_export"}


def _spec(
    name, date, time, zone, who, kind, status, currency, gross, fee, txid, email_to, description=()
):
    return BillSpec(
        name=name,
        signature=(date, time, currency, gross),
        columns={
            "date": (date,),
            "time": (time,),
            "timezone": zone,
            "counterparty": who,
            "category": kind,
            "status": status,
            "currency": (currency,),
            "amount": (gross,),
            "fee": (fee,),
            "order": txid,
            "account": email_to,
            "description": description or kind,
        },
        zone=None,
        currency="",
    )


SPECS = (
    _spec("paypal_en", "Date", "Time", ("TimeZone", "Time Zone", "Time zone"), ("Name",), ("Type",), ("Status",),
          "Currency", "Gross", "Fee", ("Transaction ID",), ("To Email Address",), ("Description", "Item Title", "Type")),
    _spec("paypal_es", "Fecha", "Hora", ("Zona horaria",), ("Nombre",), ("Tipo",), ("Estado",), "Divisa", "Bruto",
          "Comisión", ("Id. de transacción", "Número de identificación de la transacción"),
          ("A la dirección de correo electrónico", "Dirección de correo electrónico del destinatario")),
    _spec("paypal_de", "Datum", "Uhrzeit", ("Zeitzone",), ("Name",), ("Typ", "Beschreibung"), ("Status",), "Währung",
          "Brutto", "Gebühr", ("Transaktionscode",), ("Empfänger E-Mail-Adresse",)),
    _spec("paypal_fr", "Date", "Heure", ("Fuseau horaire",), ("Nom",), ("Type",), ("État", "Etat"), "Devise", "Brut",
          "Frais", ("Numéro de transaction",), ("Adresse email du destinataire",)),
    _spec("paypal_zh", "日期", "时间", ("时区",), ("名称",), ("类型",), ("状态",), "币种", "总额", "费用",
          ("交易号",), ("收件人邮箱地址", "收款人电子邮件地址")),
)  # fmt: skip
_NET = {"net", "neto", "netto", "净额", "montant net"}


def sniff(probe: Probe) -> str | None:
    rows = probe.rows
    spec = match_spec(rows, SPECS) if rows else None
    if spec is None:
        return None
    header = {norm_header(c) for c in rows[find_header(rows, spec.signature)[0]]}
    return "paypal_csv" if header & _NET or "paypal" in str(probe.path).lower() else None


_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$")


def _date_order(values: list[str]) -> str:
    """'dmy' or 'mdy' decided from all dates of the file."""
    firsts = seconds = 0
    for v in values:
        m = _DATE.match(v)
        if m:
            firsts = max(firsts, int(m.group(1)))
            seconds = max(seconds, int(m.group(2)))
    if seconds > 12 >= firsts:
        return "mdy"
    return "dmy"


def parse(path: Path, fmt: str, options: Options):
    sheet = read_sheet(path)
    plain = [r.cells for r in sheet.rows]
    spec = match_spec(plain, SPECS)
    if spec is None:
        return read_bill(path, SPECS, fmt, options, sheet=sheet)
    index, colmap = find_header(plain, spec.signature)
    col = colmap[norm_header(spec.columns["date"][0])]
    dates = [clean_cell(r.cells[col]) for r in sheet.rows[index + 1 :] if col < len(r.cells)]
    order = _date_order(dates)
    rows = list(sheet.rows[: index + 1])
    for r in sheet.rows[index + 1 :]:
        cells = list(r.cells)
        if col < len(cells):
            m = _DATE.match(clean_cell(cells[col]))
            if m:
                a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                y = y + 2000 if y < 100 else y
                d, mo = (a, b) if order == "dmy" else (b, a)
                cells[col] = f"{y:04d}-{mo:02d}-{d:02d}"
        rows.append(Row(cells, r.ref))
    result = read_bill(
        path, (spec,), fmt, options, sheet=Sheet(rows, sheet.container, sheet.encoding)
    )
    return result
