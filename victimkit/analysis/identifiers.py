"""The identifier index: every phone number, account, ID and address of the case, merged.

One entry per (kind, value) with its role — ``victim`` (the victim's own: their paying card,
their phone), ``payee`` (where money went), ``suspect`` (shown by the other party), ``unknown`` —
the evidence that shows it, when it was first and last seen, and the other cases of the same
case library (sibling folders under the case's parent folder) that hold it too.

A person's correction of an entity's role (``store.correct("entities", id, "role", ...)``)
wins over the machine's.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from victimkit.analysis.analyse import case_transactions, latest_ocr_results
from victimkit.analysis.entities import mask
from victimkit.store.case import DB_NAME, CaseStore

INDEX_KINDS = (
    "phone",
    "phone_masked",
    "bank_card",
    "card_tail",
    "account",
    "account_masked",
    "resident_id",
    "wechat_id",
    "qq",
    "douyin_id",
    "alipay",
    "email",
    "url",
    "domain",
    "crypto_tron",
    "crypto_eth",
    "crypto_btc",
    "payee_name",
    "service_number",
)
ROLE_RANK = {"victim": 3, "payee": 2, "suspect": 1, "unknown": 0}
SENSITIVE_KINDS = ("resident_id",)


@dataclass
class IndexEntry:
    kind: str
    value: str
    role: str = "unknown"
    evidence_ids: list[int] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    entity_ids: list[int] = field(default_factory=list)
    sensitive: bool = False
    valid: bool | None = None
    confidence: float = 0.0
    role_set_by_person: bool = False
    linked_cases: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def json(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "role": self.role,
            "evidence_ids": self.evidence_ids,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "sensitive": self.sensitive,
            "masked": mask(self.value, self.kind) if self.sensitive else self.value,
            "valid": self.valid,
            "confidence": round(self.confidence, 3),
            "linked_cases": self.linked_cases,
            "entity_ids": self.entity_ids,
            **({"service": self.extra["service"]} if self.extra.get("service") else {}),
        }


def current_entities(store: CaseStore, kinds: tuple[str, ...] | None = None) -> list[dict]:
    """Entity rows still current: from the newest OCR result of each image, from messages, and
    from transactions a person has not removed."""
    if "entities" not in store.db.table_names():
        return []
    latest = latest_ocr_results(store)
    live_tx = {t["id"] for t in case_transactions(store)}
    live_messages = {m["id"] for m in store.current_rows("messages")}  # superseded ones are gone
    out = []
    for r in store.current_rows("entities"):
        if kinds is not None and r["kind"] not in kinds:
            continue
        if r["source"] == "ocr_line" and latest.get(r["evidence_id"]) != r["ocr_result_id"]:
            continue
        if r["source"] == "transaction" and r["source_id"] not in live_tx:
            continue
        if r["source"] == "message" and r["source_id"] not in live_messages:
            continue
        out.append(r)
    return out


def _seen_times(store: CaseStore) -> tuple[dict[int, str], dict[int, str]]:
    """When each evidence item was captured, and when each message was sent (UTC ISO)."""
    ev_times = {}
    for r in store.current_rows("evidence"):
        ev_times[r["id"]] = r.get("captured_at") or r.get("imported_at")
    msg_times = {}
    for mid, sent in store.db.execute(
        "SELECT id, sent_at FROM messages WHERE sent_at IS NOT NULL"
    ).fetchall():
        msg_times[mid] = sent
    return ev_times, msg_times


def identifier_index(store: CaseStore, *, link_cases: bool = True) -> list[IndexEntry]:
    """The merged index, victim's own last, the rest by role then first seen."""
    case = store.case_row()
    victim_contact = "".join(ch for ch in (case.get("victim_contact") or "") if ch.isdigit())
    ev_times, msg_times = _seen_times(store)
    tx_times = {t["id"]: t.get("occurred_at") for t in case_transactions(store)}
    merged: dict[tuple[str, str], IndexEntry] = {}
    for r in current_entities(store, INDEX_KINDS):
        key = (r["kind"], r["value"])
        entry = merged.setdefault(key, IndexEntry(r["kind"], r["value"]))
        corrected = "role" in r.get("_corrected", [])
        role = r.get("role") or "unknown"
        if corrected:
            if not entry.role_set_by_person or ROLE_RANK[role] > ROLE_RANK[entry.role]:
                entry.role = role
            entry.role_set_by_person = True
        elif not entry.role_set_by_person and ROLE_RANK.get(role, 0) > ROLE_RANK[entry.role]:
            entry.role = role
        if r["evidence_id"] is not None and r["evidence_id"] not in entry.evidence_ids:
            entry.evidence_ids.append(r["evidence_id"])
        entry.entity_ids.append(r["id"])
        entry.sensitive = (
            entry.sensitive or bool(r.get("sensitive")) or r["kind"] in SENSITIVE_KINDS
        )
        if r.get("valid") is not None:
            entry.valid = (
                bool(r["valid"]) if entry.valid is None else entry.valid or bool(r["valid"])
            )
        entry.confidence = max(entry.confidence, r.get("confidence") or 0.0)
        extra = json.loads(r.get("extra") or "{}")
        if extra.get("service"):
            entry.extra["service"] = extra["service"]
        seen = None
        if r["source"] == "message":
            seen = msg_times.get(r["source_id"])
        elif r["source"] == "transaction":
            seen = tx_times.get(r["source_id"])
        seen = seen or ev_times.get(r["evidence_id"])
        if seen:
            entry.first_seen = min(filter(None, [entry.first_seen, seen]))
            entry.last_seen = max(filter(None, [entry.last_seen, seen]))
    # payees of every current transaction, bill exports included (their rows carry no entities)
    for t in case_transactions(store):
        for kind, value in _transaction_identifiers(t):
            entry = merged.setdefault((kind, value), IndexEntry(kind, value))
            if not entry.role_set_by_person and ROLE_RANK["payee"] > ROLE_RANK[entry.role]:
                entry.role = "payee"
            if t.get("evidence_id") is not None and t["evidence_id"] not in entry.evidence_ids:
                entry.evidence_ids.append(t["evidence_id"])
            seen = t.get("occurred_at")
            if seen:
                entry.first_seen = min(filter(None, [entry.first_seen, seen]))
                entry.last_seen = max(filter(None, [entry.last_seen, seen]))
    for entry in merged.values():
        entry.evidence_ids.sort()
        if (
            victim_contact
            and entry.kind == "phone"
            and entry.value.endswith(victim_contact[-11:])
            and not entry.role_set_by_person
        ):
            entry.role = "victim"
    entries = list(merged.values())
    if link_cases:
        link_other_cases(store, entries)
    order = {"payee": 0, "suspect": 1, "unknown": 2, "victim": 3}
    entries.sort(key=lambda e: (order.get(e.role, 9), e.first_seen or "", e.kind, e.value))
    return entries


def _transaction_identifiers(t: dict) -> list[tuple[str, str]]:
    from victimkit.analysis.analyse import account_kind

    out = []
    account = (t.get("payee_account") or "").replace(" ", "")
    if account:
        kind = account_kind(account)
        out.append((kind, "+86" + account if kind == "phone" else account))
    if t.get("payee_name"):
        out.append(("payee_name", t["payee_name"].strip()))
    return out


def sibling_cases(store: CaseStore) -> list[Path]:
    """Other case folders in the same case library (the case folder's parent)."""
    here = store.root.resolve()
    parent = here.parent
    out = []
    try:
        children = sorted(parent.iterdir())
    except OSError:
        return []
    for child in children:
        if child.resolve() != here and (child / DB_NAME).is_file():
            out.append(child)
    return out


LINKABLE_KINDS = tuple(
    k
    for k in INDEX_KINDS
    if k
    not in ("card_tail", "service_number", "domain", "payee_name", "phone_masked", "account_masked")
)


def link_other_cases(store: CaseStore, entries: list[IndexEntry]) -> None:
    """Note, on each entry, the other cases of the library whose evidence shows the same value."""
    wanted = {(e.kind, e.value) for e in entries if e.kind in LINKABLE_KINDS}
    if not wanted:
        return
    by_key = {(e.kind, e.value): e for e in entries}
    for other in sibling_cases(store):
        try:
            conn = sqlite3.connect(f"file:{other / DB_NAME}?mode=ro", uri=True)
        except sqlite3.Error:
            continue
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            info = (
                conn.execute("SELECT id, title FROM case_info LIMIT 1").fetchone()
                if "case_info" in tables
                else None
            )
            hits: set[tuple[str, str]] = set()
            if "entities" in tables:
                values = sorted({v for _k, v in wanted})
                for i in range(0, len(values), 500):
                    chunk = values[i : i + 500]
                    q = f"SELECT DISTINCT kind, value FROM entities WHERE value IN ({','.join('?' * len(chunk))})"
                    hits |= {
                        (k, v) for k, v in conn.execute(q, chunk).fetchall() if (k, v) in wanted
                    }
            if "transactions" in tables:
                accounts = {
                    v: k
                    for k, v in wanted
                    if k in ("bank_card", "account", "phone", "alipay", "email")
                }
                for (acct,) in conn.execute(
                    "SELECT DISTINCT payee_account FROM transactions WHERE payee_account != ''"
                ):
                    a = (acct or "").replace(" ", "")
                    if a in accounts:
                        hits.add((accounts[a], a))
        except sqlite3.Error:
            continue
        finally:
            conn.close()
        for key in hits:
            by_key[key].linked_cases.append(
                {
                    "case_id": info[0] if info else "",
                    "title": (info[1] if info else "") or "",
                    "path": str(other),
                }
            )


def identifiers_json(store: CaseStore) -> list[dict]:
    return [e.json() for e in identifier_index(store)]
