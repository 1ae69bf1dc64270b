"""The case's timeline: payments, key messages, when evidence was captured, and what the person
adds — in order, each with the source of its time.

Time sources: ``receipt`` (a payment record, from a screenshot or a bill export),
``chat_export`` (a chat export's timestamp), ``in_image`` (a time shown in a screenshot),
``file_metadata`` (EXIF, the file name or its modification time), ``import`` and ``person``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from victimkit.analysis.analyse import case_transactions
from victimkit.analysis.identifiers import current_entities
from victimkit.analysis.times import to_utc_iso
from victimkit.core.zones import zone_info
from victimkit.errors import VictimkitError
from victimkit.i18n import _
from victimkit.store.audit import iso, utc_now
from victimkit.store.case import CaseStore, exhibit_label

CAPTURE_SOURCES = {
    "exif": "file_metadata",
    "filename": "file_metadata",
    "file_mtime": "file_metadata",
    "content": "in_image",
}
CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "HKD": "HK$", "EUR": "€", "GBP": "£"}


@dataclass(frozen=True)
class TimelineEvent:
    occurred_at: str  # ISO 8601 UTC
    time_source: str
    description: str
    evidence_id: int | None
    kind: str  # "transaction", "message", "capture", "person"
    ref: int | None = None  # the row id in its table

    def json(self) -> dict:
        return {
            "occurred_at": self.occurred_at,
            "time_source": self.time_source,
            "description": self.description,
            "evidence_id": self.evidence_id,
            "kind": self.kind,
            "ref": self.ref,
        }


def add_event(
    store: CaseStore,
    occurred_at: datetime,
    description: str,
    *,
    evidence_id: int | None = None,
    actor: str | None = None,
) -> int:
    """Record an event the person tells (a call, a meeting, a report to the bank)."""
    if not description.strip():
        raise VictimkitError(_("Say what happened: the event's text is empty."))
    zone = store.case_row().get("timezone") or "UTC"
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=zone_info(zone))
    if evidence_id is not None:
        try:
            store.evidence(evidence_id)
        except KeyError as exc:
            raise VictimkitError(
                _("There is no evidence {id} in this case.").format(id=evidence_id)
            ) from exc
    ids = store.insert(
        "person_events",
        [
            {
                "occurred_at": to_utc_iso(occurred_at),
                "timezone": zone,
                "description": description.strip(),
                "evidence_id": evidence_id,
                "created_at": iso(utc_now()),
                "actor": actor or store.actor,
            }
        ],
        action="event_added",
        actor=actor,
    )
    return ids[0]


def _money(amount: str | None, currency: str) -> str:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError):
        return f"{amount} {currency}".strip()
    sign = CURRENCY_SIGNS.get(currency or "CNY")
    shown = f"{abs(value):,.2f}"
    return f"{sign}{shown}" if sign else f"{shown} {currency}"


def _describe_transaction(t: dict) -> str:
    money = _money(t.get("amount"), t.get("currency") or "CNY")
    who = t.get("payee_name") or t.get("counterparty") or ""
    account = t.get("payee_account") or ""
    target = " ".join(x for x in (who, f"({account})" if account else "") if x)
    if t.get("direction") == "in":
        text = _("Received {money}").format(money=money) + (
            " " + _("from {who}").format(who=target) if target else ""
        )
    else:
        text = _("Paid {money}").format(money=money) + (
            " " + _("to {who}").format(who=target) if target else ""
        )
    if t.get("status") and t["status"] != "success":
        text += f" [{t['status']}]"
    if not t.get("confirmed"):
        text += " — " + _("unconfirmed")
    return text


def build_timeline(store: CaseStore) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for t in case_transactions(store):
        if t.get("occurred_at"):
            events.append(
                TimelineEvent(
                    t["occurred_at"],
                    "receipt",
                    _describe_transaction(t),
                    t.get("evidence_id"),
                    "transaction",
                    t["id"],
                )
            )
    for ev in store.current_rows("evidence"):
        if ev.get("captured_at"):
            source = CAPTURE_SOURCES.get(ev.get("captured_at_source") or "", "file_metadata")
            events.append(
                TimelineEvent(
                    ev["captured_at"],
                    source,
                    _("{exhibit} captured ({name})").format(
                        exhibit=exhibit_label(ev["id"]), name=ev["original_name"]
                    ),
                    ev["id"],
                    "capture",
                    ev["id"],
                )
            )
    messages = _message_events(store)
    events += messages
    events += _screenshot_time_events(store, {e.evidence_id for e in messages})
    for pe in store.current_rows("person_events"):
        events.append(
            TimelineEvent(
                pe["occurred_at"],
                "person",
                pe["description"],
                pe.get("evidence_id"),
                "person",
                pe["id"],
            )
        )
    order = {"person": 0, "transaction": 1, "message": 2, "screenshot_times": 3, "capture": 4}
    events.sort(key=lambda e: (e.occurred_at, order.get(e.kind, 9)))
    return events


def _message_events(store: CaseStore) -> list[TimelineEvent]:
    """Not every message: the first and last of each conversation, and those that name money or
    an identifier."""
    rows = [m for m in store.current_rows("messages") if m.get("sent_at")]
    if not rows:
        return []
    flagged = {e["source_id"] for e in current_entities(store) if e["source"] == "message"}
    chosen: dict[int, dict] = {}
    by_evidence: dict[int, list[dict]] = {}
    for m in rows:
        by_evidence.setdefault(m.get("evidence_id") or 0, []).append(m)
    for msgs in by_evidence.values():
        msgs.sort(key=lambda m: (m["sent_at"], m.get("seq") or 0))
        chosen[msgs[0]["id"]] = msgs[0]
        chosen[msgs[-1]["id"]] = msgs[-1]
    for m in rows:
        if m["id"] in flagged:
            chosen[m["id"]] = m
    out = []
    for m in chosen.values():
        source = "chat_export" if m.get("origin") == "export" else "in_image"
        text = (m.get("text") or m.get("attachment") or "").replace("\n", " ")
        if len(text) > 80:
            text = text[:79] + "…"
        if m.get("direction") == "system" or m.get("is_system"):
            desc = text
        else:
            desc = _("Message from {sender}: {text}").format(
                sender=m.get("sender") or _("unknown"), text=text
            )
        out.append(
            TimelineEvent(m["sent_at"], source, desc, m.get("evidence_id"), "message", m["id"])
        )
    return out


def _screenshot_time_events(store: CaseStore, with_messages: set) -> list[TimelineEvent]:
    """A chat screenshot whose messages have no times of their own: one event at the first time
    it shows (its separators, "昨天 14:20"), saying which span of time it covers."""
    import json

    by_evidence: dict[int, list[dict]] = {}
    for e in current_entities(store, ("time",)):
        if e["source"] != "ocr_line" or e["evidence_id"] in with_messages:
            continue
        extra = json.loads(e.get("extra") or "{}")
        if extra.get("separator") or extra.get("precision") != "day":
            by_evidence.setdefault(e["evidence_id"], []).append({**e, "_extra": extra})
    out = []
    for evidence_id, times in by_evidence.items():
        times.sort(key=lambda e: e["value"])
        first, last = times[0], times[-1]
        shown = first["text"] if first is last else f"{first['text']} – {last['text']}"
        out.append(
            TimelineEvent(
                first["value"],
                "in_image",
                _("{exhibit} shows times {shown}").format(
                    exhibit=exhibit_label(evidence_id), shown=shown
                ),
                evidence_id,
                "screenshot_times",
                first["id"],
            )
        )
    return out


def events_json(store: CaseStore) -> list[dict]:
    return [e.json() for e in build_timeline(store)]
