"""Evidence checklists: for the scam types of a case, what police will ask for and what is missing.

The items and how to recognise them come from ``resources/knowledge/evidence.yaml``. A case's
scam types are the ones the person confirmed, else the ones the red-flag scan suggests (given
by the caller, since the guide cannot import the analysis layer).
"""

from __future__ import annotations

from dataclasses import dataclass

from victimkit.guide.knowledge import Knowledge, load_knowledge, text
from victimkit.guide.steps import confirmed_scam_types

PRESENT = "present"
MISSING = "missing"
IN_PERSON = "bring_in_person"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    label: str
    why: str
    status: str  # present, missing, bring_in_person
    evidence_ids: tuple[int, ...]
    for_types: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "why": self.why,
            "status": self.status,
            "evidence_ids": list(self.evidence_ids),
            "for_types": list(self.for_types),
        }


def _ocr_texts(store) -> list[tuple[int, str]]:
    if "ocr_lines" not in store.db.table_names():
        return []
    rows = store.current_rows("ocr_lines")
    by_ev: dict[int, list[str]] = {}
    for r in rows:
        by_ev.setdefault(r["evidence_id"], []).append((r.get("text") or "").lower())
    return [(ev, "\n".join(lines)) for ev, lines in by_ev.items()]


def _present(store, detect: dict, ocr: list[tuple[int, str]]) -> tuple[bool, tuple[int, ...]]:
    ids: set[int] = set()
    found = False
    tables = store.db.table_names()
    if detect.get("transactions") and "transactions" in tables:
        rows = store.current_rows("transactions")
        if detect.get("payee"):
            rows = [r for r in rows if (r.get("payee_account") or "").strip()]
        if rows:
            found = True
            ids.update(r["evidence_id"] for r in rows if r.get("evidence_id"))
    if detect.get("messages") and "messages" in tables:
        rows = store.current_rows("messages")
        if rows:
            found = True
            ids.update(r["evidence_id"] for r in rows if r.get("evidence_id"))
    words = [w.lower() for w in detect.get("ocr_any", ())]
    if words:
        for ev, content in ocr:
            if any(w in content for w in words):
                found = True
                ids.add(ev)
    return found, tuple(sorted(ids))


def evidence_checklist(
    store,
    *,
    suggested_types: list[str] | None = None,
    knowledge: Knowledge | None = None,
    lang: str | None = None,
) -> list[ChecklistItem]:
    """What police will ask for, for this case's scam types, and whether the case has it."""
    knowledge = knowledge or load_knowledge()
    types = confirmed_scam_types(store) or [
        t for t in (suggested_types or []) if knowledge.has_scam_type(t)
    ]
    wanted: dict[str, list[str]] = {item: [] for item in knowledge.evidence_always}
    for t in types:
        for item in knowledge.scam_type(t)["evidence"]:
            wanted.setdefault(item, []).append(t)
    ocr = _ocr_texts(store)
    out = []
    for item_id, for_types in wanted.items():
        item = knowledge.evidence_items[item_id]
        detect = item["detect"]
        if detect.get("person"):
            status, ids = IN_PERSON, ()
        else:
            found, ids = _present(store, detect, ocr)
            status = PRESENT if found else MISSING
        out.append(
            ChecklistItem(
                id=item_id,
                label=text(item["label"], lang),
                why=text(item["why"], lang),
                status=status,
                evidence_ids=ids,
                for_types=tuple(for_types),
            )
        )
    return out


def missing(items: list[ChecklistItem]) -> list[ChecklistItem]:
    return [i for i in items if i.status == MISSING]
