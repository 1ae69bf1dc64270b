"""Chat exports and payment bills, read exactly as their apps write them.

    fmt = sniff(path, head)            # format id from the content, or None (keep as a document)
    parsed = parse(path, fmt, me="张三")  # messages / transactions, problems for a person to read
    store_parsed(store, evidence_id, parsed)

Each format family lives in its own module (whatsapp, telegram, wechat, qq, line, signal, meta,
alipay, wechatpay, banks, paypal, generic_csv); each module offers ``FORMATS`` (format id -> kind),
``sniff(probe)`` and ``parse(path, fmt, options)``. The export file itself is the evidence: every
parsed message and transaction points back to it and to its line, row or record.
"""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from victimkit.core.models import Message, Transaction
from victimkit.errors import EvidenceFileError
from victimkit.i18n import _
from victimkit.intake.exports import (
    alipay,
    banks,
    generic_csv,
    line,
    meta,
    paypal,
    qq,
    signal,
    telegram,
    wechat,
    wechatpay,
    whatsapp,
)
from victimkit.intake.exports.probe import Options, Probe
from victimkit.store.audit import iso

__all__ = [
    "BILL_FORMATS",
    "CHAT_FORMATS",
    "ParsedExport",
    "kind_of",
    "parse",
    "sniff",
    "store_parsed",
]

# Most specific first: a bank's header is also a valid generic bill; a QQ or LINE file has
# lines that a looser chat reader might take.
_MODULES = (
    telegram,
    meta,
    wechat,
    qq,
    line,
    alipay,
    wechatpay,
    paypal,
    banks,
    signal,
    whatsapp,
    generic_csv,
)

CHAT_FORMATS: set[str] = set()
BILL_FORMATS: set[str] = set()
for _module in _MODULES:
    for _fmt, _kind in _module.FORMATS.items():
        (CHAT_FORMATS if _kind == "chat_export" else BILL_FORMATS).add(_fmt)
_OWNER = {fmt: module for module in _MODULES for fmt in module.FORMATS}


@dataclass(frozen=True)
class ParsedExport:
    format: str
    kind: str
    messages: list[Message] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    encoding: str = ""


def sniff(path: Path, head: bytes) -> str | None:
    """The format id decided from the content (``head`` = the first 64 KiB), or None."""
    probe = Probe(Path(path), head)
    for module in _MODULES:
        try:
            fmt = module.sniff(probe)
        except (ValueError, LookupError, OSError, EvidenceFileError):
            fmt = None
        if fmt:
            return fmt
    return None


def kind_of(fmt: str) -> str:
    """'chat_export' or 'bill_export'."""
    return "bill_export" if fmt in BILL_FORMATS else "chat_export"


def parse(
    path: Path, fmt: str, *, me: str | None = None, timezone: str = "Asia/Shanghai"
) -> ParsedExport:
    """Read the whole file. Raises EvidenceFileError with a translated reason when it cannot."""
    path = Path(path)
    module = _OWNER.get(fmt)
    if module is None:
        raise EvidenceFileError(path, _("no reader for the format {fmt}").format(fmt=fmt))
    options = Options(me=(me or None), timezone=timezone or "UTC")
    try:
        result = module.parse(path, fmt, options)
    except EvidenceFileError:
        raise
    except (
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        LookupError,
        RecursionError,
        csv.Error,  # e.g. a field larger than the csv module's limit
        ArithmeticError,  # decimal.InvalidOperation: an absurd amount in a damaged row
        zipfile.BadZipFile,
        EOFError,
    ) as exc:
        raise EvidenceFileError(
            path,
            _("the file is damaged or not a complete {fmt} export ({detail})").format(
                fmt=fmt, detail=type(exc).__name__
            ),
        ) from exc
    messages, transactions, participants, problems, encoding = result
    if not messages and not transactions:
        raise EvidenceFileError(
            path,
            _(
                "no messages or transactions could be read from this {fmt} export; the file is kept as it is"
            ).format(fmt=fmt),
        )
    return ParsedExport(
        format=fmt,
        kind=kind_of(fmt),
        messages=messages,
        transactions=transactions,
        participants=participants,
        problems=problems,
        encoding=encoding,
    )


def store_parsed(store, evidence_id: int, parsed: ParsedExport) -> dict:
    """Insert the parsed messages and transactions, pointing at ``evidence_id``. Returns counts."""
    details = {"evidence_id": evidence_id, "format": parsed.format}
    counts = {"messages": 0, "transactions": 0}
    if parsed.messages:
        rows = [
            {
                "evidence_id": evidence_id,
                "seq": n,
                "sender": m.sender,
                "sent_at": iso(m.sent_at),
                "timezone": m.timezone,
                "text": m.text,
                "direction": m.direction,
                "is_system": int(m.is_system),
                "attachment": m.attachment,
                "source_ref": m.source_ref,
                "forwarded_from": m.forwarded_from,
                "origin": "export",
            }
            for n, m in enumerate(parsed.messages, start=1)
        ]
        counts["messages"] = len(
            store.insert("messages", rows, action="export_parsed", details=details)
        )
    if parsed.transactions:
        rows = [
            {
                "evidence_id": evidence_id,
                "occurred_at": iso(t.occurred_at),
                "amount": str(t.amount),
                "currency": t.currency,
                "direction": t.direction,
                "status": t.status,
                "counterparty": t.counterparty,
                "payee_name": t.payee_name,
                "payee_account": t.payee_account,
                "payee_bank": t.payee_bank,
                "payment_method": t.payment_method,
                "order_number": t.order_number,
                "merchant_order_number": t.merchant_order_number,
                "description": t.description,
                "category": t.category,
                "source_ref": t.source_ref,
                "is_loss": int(t.is_loss),
                "fields": json.dumps(t.fields, ensure_ascii=False, sort_keys=True),
                "origin": "export",
            }
            for t in parsed.transactions
        ]
        counts["transactions"] = len(
            store.insert("transactions", rows, action="export_parsed", details=details)
        )
    return counts
