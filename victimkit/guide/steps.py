"""The steps as state, the action log, deadlines and the person's confirmed scam types.

Everything is stored through ``CaseStore.insert`` in append-only, audited tables (migration
``m004_guide``): a change of a step is a new row, and the current state of a step is its
latest row. Nothing is updated or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from victimkit.guide.knowledge import Knowledge, load_knowledge, text
from victimkit.i18n import _
from victimkit.store.audit import iso, parse_iso, utc_now

STATUSES = ("todo", "doing", "done", "skipped")
ACTION_KINDS = (
    "called_bank",
    "called_police",
    "police_report",
    "platform_report",
    "called_platform",
    "online_report",
    "froze_card",
    "changed_passwords",
    "removed_remote_app",
    "legal_advice",
    "other",
)


class GuideError(ValueError):
    """A step, status, action kind or scam type that the knowledge does not know."""


@dataclass(frozen=True)
class StepState:
    id: str
    title: str
    status: str
    note: str
    updated_at: datetime | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "note": self.note,
            "updated_at": iso(self.updated_at) if self.updated_at else None,
        }


@dataclass(frozen=True)
class Deadline:
    id: str
    title: str
    due_at: datetime
    note: str

    def time_left(self, now: datetime | None = None) -> timedelta:
        return self.due_at - (now or utc_now())

    def to_json(self, now: datetime | None = None) -> dict:
        left = self.time_left(now)
        return {
            "id": self.id,
            "title": self.title,
            "due_at": iso(self.due_at),
            "seconds_left": int(left.total_seconds()),
            "passed": left.total_seconds() <= 0,
            "note": self.note,
        }


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return utc_now()
    if value.tzinfo is None:
        raise GuideError(_("Times must carry a time zone."))
    return value.astimezone(UTC)


# ----------------------------------------------------------------------- steps


def set_step(
    store,
    step_id: str,
    status: str,
    *,
    note: str = "",
    knowledge: Knowledge | None = None,
) -> int:
    knowledge = knowledge or load_knowledge()
    if step_id not in knowledge.step_ids:
        raise GuideError(
            _("Unknown step {step}. Steps: {steps}").format(
                step=step_id, steps=", ".join(knowledge.step_ids)
            )
        )
    if status not in STATUSES:
        raise GuideError(
            _("Unknown status {status}. Use one of: {statuses}").format(
                status=status, statuses=", ".join(STATUSES)
            )
        )
    row = {
        "step_id": step_id,
        "status": status,
        "note": note,
        "at": iso(utc_now()),
        "actor": store.actor,
    }
    return store.insert(
        "guide_steps", [row], action="step_updated", details={"step": step_id, "status": status}
    )[0]


def step_states(
    store, *, knowledge: Knowledge | None = None, lang: str | None = None
) -> list[StepState]:
    """Every step of the knowledge, in order, with its latest state ("todo" if never touched)."""
    knowledge = knowledge or load_knowledge()
    latest: dict[str, dict] = {}
    if "guide_steps" in store.db.table_names():
        for row in store.db["guide_steps"].rows_where(order_by="id"):
            latest[row["step_id"]] = row
    out = []
    for step in knowledge.steps:
        row = latest.get(step["id"])
        out.append(
            StepState(
                id=step["id"],
                title=text(step["title"], lang),
                status=row["status"] if row else "todo",
                note=(row["note"] or "") if row else "",
                updated_at=parse_iso(row["at"]) if row else None,
            )
        )
    return out


def step_history(store, step_id: str) -> list[dict]:
    return list(store.db["guide_steps"].rows_where("step_id = ?", [step_id], order_by="id"))


# ----------------------------------------------------------------------- actions


def log_action(
    store,
    kind: str,
    *,
    ref: str = "",
    note: str = "",
    channel_id: str = "",
    occurred_at: datetime | None = None,
    knowledge: Knowledge | None = None,
) -> int:
    """Record something the person did: called the bank at ..., a ticket or receipt number."""
    if kind not in ACTION_KINDS:
        raise GuideError(
            _("Unknown action {kind}. Use one of: {kinds}").format(
                kind=kind, kinds=", ".join(ACTION_KINDS)
            )
        )
    if channel_id:
        knowledge = knowledge or load_knowledge()
        try:
            knowledge.channel(channel_id)
        except KeyError:
            raise GuideError(_("Unknown channel {channel}.").format(channel=channel_id)) from None
    row = {
        "kind": kind,
        "ref": ref,
        "channel_id": channel_id,
        "note": note,
        "occurred_at": iso(_aware(occurred_at)),
        "at": iso(utc_now()),
        "actor": store.actor,
    }
    return store.insert(
        "guide_actions", [row], action="action_logged", details={"kind": kind, "ref": ref}
    )[0]


def actions(store) -> list[dict]:
    if "guide_actions" not in store.db.table_names():
        return []
    return list(store.db["guide_actions"].rows_where(order_by="occurred_at, id"))


# ----------------------------------------------------------------------- scam types


def confirm_scam_type(
    store, scam_type: str, *, confirmed: bool = True, knowledge: Knowledge | None = None
) -> int:
    """The person confirms (or rejects) a scam type; the dossier uses only confirmed ones."""
    knowledge = knowledge or load_knowledge()
    if not knowledge.has_scam_type(scam_type):
        raise GuideError(_("Unknown scam type {type}.").format(type=scam_type))
    row = {
        "scam_type": scam_type,
        "status": "confirmed" if confirmed else "rejected",
        "at": iso(utc_now()),
        "actor": store.actor,
    }
    return store.insert("guide_scam_types", [row], action="scam_type_set", details=dict(row))[0]


def confirmed_scam_types(store) -> list[str]:
    if "guide_scam_types" not in store.db.table_names():
        return []
    state: dict[str, str] = {}
    for row in store.db["guide_scam_types"].rows_where(order_by="id"):
        state[row["scam_type"]] = row["status"]
    return [t for t, s in state.items() if s == "confirmed"]


# ----------------------------------------------------------------------- deadlines


def set_deadline(
    store, deadline_id: str, due_at: datetime, *, note: str = "", knowledge: Knowledge | None = None
) -> int:
    """Enter a deadline the person looked up (e.g. the platform's dispute window)."""
    knowledge = knowledge or load_knowledge()
    if deadline_id not in {d["id"] for d in knowledge.deadlines()}:
        raise GuideError(_("Unknown deadline {deadline}.").format(deadline=deadline_id))
    row = {
        "deadline_id": deadline_id,
        "due_at": iso(_aware(due_at)),
        "note": note,
        "at": iso(utc_now()),
        "actor": store.actor,
    }
    return store.insert(
        "guide_deadlines", [row], action="deadline_set", details={"deadline": deadline_id}
    )[0]


def first_loss_at(store) -> datetime | None:
    """The earliest time money was paid out in the case, from the transactions table."""
    if "transactions" not in store.db.table_names():
        return None
    rows = store.current_rows("transactions")
    times = []
    for r in rows:
        if not r.get("occurred_at") or not r.get("is_loss", 1):
            continue
        if r.get("direction") not in (None, "", "out"):
            continue
        try:
            times.append(parse_iso(r["occurred_at"]))
        except (TypeError, ValueError):
            continue
    return min(times) if times else None


def deadlines(
    store,
    *,
    knowledge: Knowledge | None = None,
    lang: str | None = None,
    country: str | None = None,
) -> list[Deadline]:
    """The deadlines that apply to the case, soonest first."""
    knowledge = knowledge or load_knowledge()
    if country is None:
        country = store.info().country
    entered: dict[str, dict] = {}
    if "guide_deadlines" in store.db.table_names():
        for row in store.db["guide_deadlines"].rows_where(order_by="id"):
            entered[row["deadline_id"]] = row
    start = first_loss_at(store)
    out = []
    for d in knowledge.deadlines(country):
        due = None
        note = text(d["note"], lang)
        if d["id"] in entered:
            due = parse_iso(entered[d["id"]]["due_at"])
            note = entered[d["id"]]["note"] or note
        elif d["from"] == "first_loss" and start is not None and d.get("hours"):
            due = start + timedelta(hours=d["hours"])
        if due is not None:
            out.append(Deadline(d["id"], text(d["title"], lang), due, note))
    return sorted(out, key=lambda x: x.due_at)


def format_time_left(left: timedelta) -> str:
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return _("passed - act anyway, it can still help")
    hours, rem = divmod(seconds, 3600)
    if hours >= 48:
        return _("{days} days left").format(days=hours // 24)
    return _("{hours} h {minutes} min left").format(hours=hours, minutes=rem // 60)
