"""Run the analysis over a case: payment records and entities from OCR lines and messages.

``analyse_case(store)`` reads the stored OCR results and messages, and stores
  - transactions read off payment screenshots (table ``transactions``, origin "ocr", with each
    field's box, confidence and line in ``fields``),
  - entities (table ``entities``) with the line, box or message they came from and a role,
  - one ``analysis_runs`` row per evidence item analysed, so a second run only does what is new.
Everything is appended through ``CaseStore.insert`` (audited); a newer OCR result of the same
image supersedes the facts read from the older one without removing them.

``case_transactions``, ``confirm_transaction`` give the current transactions and record a
person's confirmation or correction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from victimkit.analysis.entities import Entity, extract_entities
from victimkit.analysis.payments import read_payment
from victimkit.analysis.times import find_times, to_utc_iso
from victimkit.core.models import OcrLine, Transaction
from victimkit.core.progress import CancelToken, Progress, ProgressCallback
from victimkit.core.zones import zone_info
from victimkit.errors import VictimkitError
from victimkit.i18n import _
from victimkit.store.audit import iso, utc_now
from victimkit.store.case import CaseStore

ANALYSIS_VERSION = "1"

TRANSACTION_FIELDS = (
    "occurred_at",
    "amount",
    "currency",
    "direction",
    "status",
    "payee_name",
    "payee_account",
    "payee_bank",
    "payment_method",
    "order_number",
    "merchant_order_number",
    "description",
)


@dataclass
class AnalysisReport:
    analysed: list[int] = field(default_factory=list)  # evidence ids
    transactions: list[int] = field(default_factory=list)  # new transaction row ids
    entities: int = 0


def _table_exists(store: CaseStore, name: str) -> bool:
    return name in store.db.table_names()


def latest_ocr_results(store: CaseStore) -> dict[int, int]:
    """{evidence_id: id of its newest OCR result}."""
    if not _table_exists(store, "ocr_results"):
        return {}
    rows = store.db.execute(
        "SELECT evidence_id, MAX(id) FROM ocr_results GROUP BY evidence_id"
    ).fetchall()
    return {ev: rid for ev, rid in rows}


def _last_runs(store: CaseStore) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for r in store.db["analysis_runs"].rows_where(order_by="id"):
        out[r["evidence_id"]] = r
    return out


def _sub_box(
    box: tuple[int, int, int, int], text: str, start: int, end: int
) -> tuple[int, int, int, int]:
    """The part of a line's box that holds text[start:end] (by character share; CJK is monospaced
    enough for highlighting)."""
    x0, y0, x1, y1 = box
    n = max(1, len(text))
    width = x1 - x0
    return (x0 + int(width * start / n), y0, x0 + round(width * end / n), y1)


def _entity_row(
    ent: Entity,
    *,
    evidence_id: int,
    source: str,
    source_id: int | None,
    ocr_result_id: int | None,
    role: str,
    box=None,
) -> dict:
    row = {
        "evidence_id": evidence_id,
        "source": source,
        "source_id": source_id,
        "ocr_result_id": ocr_result_id,
        "kind": ent.kind,
        "value": ent.value,
        "text": ent.text,
        "start": ent.start,
        "end": ent.end,
        "x0": None,
        "y0": None,
        "x1": None,
        "y1": None,
        "confidence": round(ent.confidence, 3),
        "valid": None if ent.valid is None else int(ent.valid),
        "sensitive": int(ent.sensitive),
        "role": role,
        "extra": json.dumps(ent.extra, ensure_ascii=False, sort_keys=True),
    }
    if box is not None:
        row.update(dict(zip(("x0", "y0", "x1", "y1"), box, strict=True)))
    return row


def _transaction_row(tx: Transaction) -> dict:
    return {
        "evidence_id": tx.evidence_id,
        "occurred_at": to_utc_iso(tx.occurred_at) if tx.occurred_at else None,
        "amount": str(tx.amount),
        "currency": tx.currency,
        "direction": tx.direction,
        "status": tx.status,
        "counterparty": tx.counterparty,
        "payee_name": tx.payee_name,
        "payee_account": tx.payee_account,
        "payee_bank": tx.payee_bank,
        "payment_method": tx.payment_method,
        "order_number": tx.order_number,
        "merchant_order_number": tx.merchant_order_number,
        "description": tx.description,
        "category": tx.category,
        "source_ref": tx.source_ref,
        "is_loss": int(tx.is_loss),
        "fields": json.dumps(tx.fields, ensure_ascii=False, sort_keys=True),
        "origin": "ocr",
    }


def account_kind(value: str) -> str:
    from victimkit.analysis.entities import digits

    v = value.replace(" ", "")
    if "@" in v:
        return "email"
    if "*" in v:
        return "phone_masked" if v.startswith("1") and len(v) == 11 else "account_masked"
    d = digits(v)
    if len(d) == len(v) == 11 and v.startswith("1"):
        return "phone"
    if 12 <= len(d) <= 19 and len(d) >= len(v) - 3:
        return "bank_card"
    return "account"


def _transaction_entities(tx: Transaction, tx_id: int, ocr_result_id: int | None) -> list[dict]:
    """The payee's account and name, and the victim's paying card, as entities."""
    rows = []

    def box_of(name):
        rec = tx.fields.get(name) or {}
        return tuple(rec["box"]) if rec.get("box") else None

    def add(kind, value, role, name, conf):
        if not value:
            return
        rec = tx.fields.get(name) or {}
        ent = Entity(
            kind,
            value,
            rec.get("value", value) if isinstance(rec.get("value"), str) else value,
            0,
            len(value),
            conf,
        )
        rows.append(
            _entity_row(
                ent,
                evidence_id=tx.evidence_id,
                source="transaction",
                source_id=tx_id,
                ocr_result_id=ocr_result_id,
                role=role,
                box=box_of(name),
            )
        )

    if tx.payee_account:
        kind = account_kind(tx.payee_account)
        value = "+86" + tx.payee_account if kind == "phone" else tx.payee_account.replace(" ", "")
        add(kind, value, "payee", "payee_account", 0.85)
    if tx.payee_name:
        add("payee_name", tx.payee_name, "payee", "payee_name", 0.8)
    tail = (tx.fields.get("card_tail") or {}).get("value")
    if tail:
        add("card_tail", tail, "victim", "card_tail", 0.8)
    return rows


def analyse_case(
    store: CaseStore,
    evidence_ids: list[int] | None = None,
    *,
    redo: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> AnalysisReport:
    """Analyse what is new in the case (or only ``evidence_ids``). Safe to call again."""
    report = AnalysisReport()
    case = store.case_row()
    zone = case.get("timezone") or "UTC"
    victim_contact = (case.get("victim_contact") or "").replace(" ", "")
    latest = latest_ocr_results(store)
    runs = _last_runs(store)
    evidence = store.list_evidence()
    if evidence_ids is not None:
        wanted = set(evidence_ids)
        evidence = [e for e in evidence if e.id in wanted]
    total = len(evidence)
    for n, ev in enumerate(evidence, 1):
        if cancel is not None:
            cancel.check()
        prev = runs.get(ev.id)
        same_version = prev is not None and prev["version"] == ANALYSIS_VERSION and not redo
        ocr_id = latest.get(ev.id)
        new_ocr = ocr_id is not None and not (same_version and prev["ocr_result_id"] == ocr_id)
        after = (prev["last_message_id"] or 0) if same_version else 0
        messages = store.current_rows("messages", "evidence_id = ? AND id > ?", [ev.id, after])
        if not new_ocr and not messages:
            continue
        entity_rows: list[dict] = []
        tx_ids: list[int] = []
        if new_ocr:
            lines = _ocr_lines(store, ocr_id)
            reference = ev.captured_at or ev.imported_at
            tx = read_payment(
                [ln for _lid, ln, _no in lines],
                reference=reference,
                zone=zone,
                evidence_id=ev.id,
                source_ref=f"ocr_result {ocr_id}",
            )
            roles_by_line: dict[int, str] = {}
            if tx is not None:
                # the fields point at line positions; make them point at stored line ids too
                fields = dict(tx.fields)
                for name, rec in fields.items():
                    if isinstance(rec, dict) and "lines" in rec:
                        rec["line_ids"] = [lines[i][0] for i in rec["lines"] if i < len(lines)]
                        role = {
                            "payee_name": "payee",
                            "payee_account": "payee",
                            "payment_method": "victim",
                        }.get(name)
                        for i in rec["lines"]:
                            if role:
                                roles_by_line[i] = role
                tx_ids = store.insert(
                    "transactions",
                    [_transaction_row(tx)],
                    action="transactions_read_from_screenshot",
                    details={
                        "evidence_id": ev.id,
                        "ocr_result_id": ocr_id,
                        "version": ANALYSIS_VERSION,
                    },
                    actor="victimkit",
                )
                entity_rows += _transaction_entities(tx, tx_ids[0], ocr_id)
            for block in line_blocks(lines):
                text, spans = join_block([lines[i][1].shown_text for i in block])
                first = lines[block[0]][1]
                if tx is None:
                    # times shown in the picture (chat separators, dates in text): kept with
                    # their source and zone; relative ones resolved against the capture time
                    entity_rows += _time_rows(
                        text,
                        reference=reference,
                        zone=zone,
                        source="in_image",
                        evidence_id=ev.id,
                        source_kind="ocr_line",
                        source_id=lines[block[0]][0],
                        ocr_result_id=ocr_id,
                        box=first.box,
                        speaker=first.speaker,
                    )
                for ent in extract_entities(text):
                    if ent.kind in ("amount",) and tx is not None:
                        continue  # the transaction holds the page's amount
                    covered = [
                        (block[k], max(ent.start, a) - a, min(ent.end, b) - a)
                        for k, (a, b) in enumerate(spans)
                        if ent.start < b and a < ent.end
                    ]
                    i = covered[0][0]
                    role = roles_by_line.get(i) or _role_for_speaker(first.speaker)
                    role = _victim_override(ent, role, victim_contact)
                    boxes = [
                        _sub_box(lines[j][1].box, lines[j][1].shown_text, st, en)
                        for j, st, en in covered
                    ]
                    box = (
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    )
                    entity_rows.append(
                        _entity_row(
                            ent,
                            evidence_id=ev.id,
                            source="ocr_line",
                            source_id=lines[i][0],
                            ocr_result_id=ocr_id,
                            role=role,
                            box=box,
                        )
                    )
        for msg in messages:
            role = {"incoming": "suspect", "outgoing": "unknown", "system": "unknown"}.get(
                msg.get("direction") or "", "unknown"
            )
            sent = msg.get("sent_at")
            entity_rows += _time_rows(
                msg.get("text") or "",
                reference=datetime.fromisoformat(sent.replace("Z", "+00:00"))
                if sent
                else ev.captured_at or ev.imported_at,
                zone=msg.get("timezone") or zone,
                source="chat_export" if msg.get("origin") == "export" else "in_image",
                evidence_id=ev.id,
                source_kind="message",
                source_id=msg["id"],
                ocr_result_id=None,
                box=None,
                speaker=None,
            )
            for ent in extract_entities(msg.get("text") or ""):
                entity_rows.append(
                    _entity_row(
                        ent,
                        evidence_id=ev.id,
                        source="message",
                        source_id=msg["id"],
                        ocr_result_id=None,
                        role=_victim_override(ent, role, victim_contact),
                    )
                )
        if entity_rows:
            store.insert(
                "entities",
                entity_rows,
                action="entities_found",
                details={"evidence_id": ev.id, "version": ANALYSIS_VERSION},
                actor="victimkit",
            )
        last_message = max([m["id"] for m in messages] + [after])
        store.insert(
            "analysis_runs",
            [
                {
                    "evidence_id": ev.id,
                    "ocr_result_id": ocr_id,
                    "last_message_id": last_message,
                    "version": ANALYSIS_VERSION,
                    "at": iso(utc_now()),
                    "entities": len(entity_rows),
                    "transactions": len(tx_ids),
                }
            ],
            action="analysed",
            details={"evidence_id": ev.id},
            actor="victimkit",
        )
        report.analysed.append(ev.id)
        report.transactions += tx_ids
        report.entities += len(entity_rows)
        if on_progress is not None:
            on_progress(Progress(n, total, ev.original_name))
    if on_progress is not None:
        on_progress(Progress(total, total, _("Analysis done")))
    return report


def _time_rows(
    text,
    *,
    reference,
    zone,
    source,
    evidence_id,
    source_kind,
    source_id,
    ocr_result_id,
    box,
    speaker,
) -> list[dict]:
    rows = []
    for ft in find_times(text, reference=reference, zone=zone, source=source):
        ent = Entity(
            "time",
            to_utc_iso(ft.value),
            ft.text,
            ft.start,
            ft.end,
            0.8 if ft.resolved else 0.9,
            extra={
                "local": ft.value.isoformat(),
                "zone": ft.zone,
                "precision": ft.precision,
                "resolved": ft.resolved,
                "time_source": ft.source,
                "separator": speaker == "system",
            },
        )
        rows.append(
            _entity_row(
                ent,
                evidence_id=evidence_id,
                source=source_kind,
                source_id=source_id,
                ocr_result_id=ocr_result_id,
                role="unknown",
                box=_sub_box(box, text, ft.start, ft.end)
                if box is not None and len(text)
                else None,
            )
        )
    return rows


def _role_for_speaker(speaker: str | None) -> str:
    return {"other": "suspect"}.get(speaker or "", "unknown")


def _victim_override(ent: Entity, role: str, victim_contact: str) -> str:
    if (
        victim_contact
        and ent.kind in ("phone", "email", "wechat_id", "qq")
        and victim_contact.lstrip("+").removeprefix("86") in ent.value
    ):
        return "victim"
    return role


def line_blocks(lines: list[tuple[int, OcrLine, int | None]]) -> list[list[int]]:
    """Positions of lines read together: the lines of one chat message (same ``message_no``, in
    a row), every other line on its own. Status-bar lines are left out."""
    blocks: list[list[int]] = []
    last_no = None
    for i, (_lid, ln, message_no) in enumerate(lines):
        if ln.tag == "status_bar":
            last_no = None
            continue
        if message_no is not None and message_no == last_no and blocks:
            blocks[-1].append(i)
        else:
            blocks.append([i])
        last_no = message_no
    return blocks


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def join_block(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join the wrapped lines of one message; returns the text and each line's span in it.

    Chinese wraps anywhere (joined with nothing); digits cut at the edge (an account number)
    and a URL cut at one of its separators are joined with nothing; other Latin text gets a
    space (a URL at the end of a line is not glued to the next word)."""
    out = ""
    spans = []
    for t in texts:
        t = t.strip()
        if out and t:
            a, b = out[-1], t[0]
            glue = (
                _is_cjk(a)
                or _is_cjk(b)
                or (a.isdigit() and b.isdigit())
                or a in "/-_.=?&:#%+@"
                or b in "/-_.=?&#%"
            )
            if not glue:
                out += " "
        spans.append((len(out), len(out) + len(t)))
        out += t
    return out, spans


def _ocr_lines(store: CaseStore, ocr_result_id: int) -> list[tuple[int, OcrLine, int | None]]:
    rows = store.current_rows("ocr_lines", "ocr_result_id = ?", [ocr_result_id])
    rows.sort(key=lambda r: (r.get("line_no") or 0, r["id"]))
    out = []
    for r in rows:
        out.append(
            (
                r["id"],
                OcrLine(
                    text=r["text"] or "",
                    box=(r["x0"] or 0, r["y0"] or 0, r["x1"] or 0, r["y1"] or 0),
                    confidence=r["confidence"] if r["confidence"] is not None else 1.0,
                    speaker=r.get("speaker"),
                    tag=r.get("tag"),
                ),
                r.get("message_no"),
            )
        )
    return out


# ------------------------------------------------------------------ transactions
def case_transactions(store: CaseStore) -> list[dict]:
    """Current transactions (corrections applied; OCR rows of superseded OCR results left out)."""
    latest = latest_ocr_results(store)
    out = []
    for r in store.current_rows("transactions"):
        if r.get("origin") == "ocr":
            ref = r.get("source_ref") or ""
            if ref.startswith("ocr_result "):
                rid = int(ref.split()[1])
                if latest.get(r["evidence_id"]) not in (None, rid):
                    continue
        out.append(r)
    mark_duplicates(out)
    return out


def _same_payment(a: dict, b: dict) -> bool:
    if a.get("order_number") and b.get("order_number"):
        return a["order_number"] == b["order_number"]  # two numbers: they decide
    try:
        if Decimal(str(a.get("amount"))) != Decimal(str(b.get("amount"))):
            return False
    except InvalidOperation:
        return False
    ta, tb = a.get("occurred_at"), b.get("occurred_at")
    if not ta or not tb:
        return False
    da = datetime.fromisoformat(ta.replace("Z", "+00:00"))
    db = datetime.fromisoformat(tb.replace("Z", "+00:00"))
    return abs((da - db).total_seconds()) <= 120


def mark_duplicates(rows: list[dict]) -> None:
    """Set ``duplicate_of`` on a row that records a payment already listed (the same order
    number, or the same amount within two minutes): a bill export's row is kept first, then
    the earliest screenshot. Totals must skip duplicates; a person can undo with a correction
    of ``duplicate_of`` to null."""
    ranked = sorted(rows, key=lambda r: (r.get("origin") != "export", r["id"]))
    kept: list[dict] = []
    for r in ranked:
        if "duplicate_of" in r.get("_corrected", []):
            if r.get("duplicate_of") is None:
                kept.append(r)
            continue
        twin = next(
            (
                k
                for k in kept
                if _same_payment(k, r) and not (k.get("origin") == r.get("origin") == "export")
            ),
            None,
        )
        r["duplicate_of"] = twin["id"] if twin else None
        if twin is None:
            kept.append(r)


def transaction_json(r: dict) -> dict:
    amount = r.get("amount")
    try:
        amount = (
            str(Decimal(str(amount)).quantize(Decimal("0.01")))
            if amount not in (None, "")
            else None
        )
    except InvalidOperation:
        amount = str(amount)
    return {
        "id": r["id"],
        "evidence_id": r.get("evidence_id"),
        "occurred_at": r.get("occurred_at"),
        "amount": amount,
        "currency": r.get("currency") or "",
        "direction": r.get("direction") or "",
        "status": r.get("status") or "",
        "payee_name": r.get("payee_name") or "",
        "payee_account": r.get("payee_account") or "",
        "payment_method": r.get("payment_method") or "",
        "order_number": r.get("order_number") or "",
        "confirmed": bool(r.get("confirmed")),
        "origin": r.get("origin") or "",
        "payee_bank": r.get("payee_bank") or "",
        "merchant_order_number": r.get("merchant_order_number") or "",
        "is_loss": bool(r.get("is_loss")) if r.get("is_loss") is not None else None,
        "duplicate_of": r.get("duplicate_of"),
        "corrected": r.get("_corrected", []),
        "fields": json.loads(r["fields"]) if r.get("fields") else {},
    }


def confirm_transaction(
    store: CaseStore,
    transaction_id: int,
    *,
    field: str | None = None,
    value: str | None = None,
    actor: str | None = None,
) -> None:
    """A person confirms a transaction, optionally correcting one field first."""
    if not store.db["transactions"].count_where("id = ?", [transaction_id]):
        raise VictimkitError(
            _("There is no transaction {id} in this case.").format(id=transaction_id)
        )
    if field is not None:
        if field not in TRANSACTION_FIELDS:
            raise VictimkitError(
                _("{field} is not a transaction field; use one of: {fields}").format(
                    field=field, fields=", ".join(TRANSACTION_FIELDS)
                )
            )
        value = _checked_value(field, value or "", store.case_row().get("timezone") or "UTC")
        store.correct("transactions", transaction_id, field, value, actor=actor)
        if field == "amount":
            # the sign says which way the money went
            direction = "out" if Decimal(value) < 0 else "in"
            if (
                store.current_value(
                    "transactions",
                    transaction_id,
                    "direction",
                    default=store.db["transactions"].get(transaction_id)["direction"],
                )
                != direction
            ):
                store.correct(
                    "transactions",
                    transaction_id,
                    "direction",
                    direction,
                    actor=actor,
                    note="follows the amount's sign",
                )
    store.correct("transactions", transaction_id, "confirmed", True, actor=actor)


def _checked_value(field: str, value: str, zone: str):
    if field == "amount":
        try:
            return str(Decimal(value.replace(",", "")).quantize(Decimal("0.01")))
        except InvalidOperation as exc:
            raise VictimkitError(
                _("{value} is not an amount (write it like -1130.00).").format(value=value)
            ) from exc
    if field == "occurred_at":
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise VictimkitError(
                _("{value} is not a time (write it like 2024-10-14T23:35:05).").format(value=value)
            ) from exc
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=zone_info(zone))
        return to_utc_iso(dt)
    if field == "direction" and value not in ("out", "in", "neutral"):
        raise VictimkitError(_("direction must be out, in or neutral."))
    return value
