"""The case as one JSON-ready object: what `victimkit show --json` prints.

Keys are stable and documented in the README ("show --json"). Later capabilities add keys;
none is ever renamed or removed.
"""

from __future__ import annotations

import json

from victimkit.core.models import Evidence
from victimkit.ocr.run import messages_json, ocr_json
from victimkit.store.audit import iso
from victimkit.store.case import CaseStore, evidence_from_row


def evidence_json(store: CaseStore, ev: Evidence, raw: dict) -> dict:
    meta = json.loads(raw.get("meta") or "{}")
    return {
        "id": ev.id,
        "exhibit": ev.exhibit,
        "sha256": ev.sha256,
        "kind": ev.kind,
        "original_name": ev.original_name,
        "source_path": ev.source_path,
        "other_sources": [
            {
                "source_path": s["source_path"],
                "original_name": s["original_name"],
                "imported_at": s["imported_at"],
            }
            for s in store.sources(ev.id)
        ],
        "size": ev.size,
        "media_type": ev.media_type,
        "imported_at": iso(ev.imported_at),
        "captured_at": iso(ev.captured_at),
        "captured_at_source": ev.captured_at_source,
        "width": ev.width,
        "height": ev.height,
        "problems": list(ev.problems),
        "export_format": meta.get("export_format"),
        "stored_path": str(store.original_path(ev).relative_to(store.root)),
        "caption": raw.get("caption") or "",  # a person's words, set as corrections
        "category": raw.get("category") or "",
        "ocr": ocr_json(store, ev.id) if ev.kind == "image" else None,
    }


def case_json(store: CaseStore) -> dict:
    row = store.case_row()
    return {
        "id": row["id"],
        "title": row["title"] or "",
        "victim_name": row["victim_name"] or "",
        "victim_contact": row["victim_contact"] or "",
        "lang": row["lang"],
        "country": row["country"],
        "timezone": row["timezone"],
        "created_at": row["created_at"],
        "path": str(store.root.absolute()),
    }


def case_summary(store: CaseStore, *, red_flags: list[dict] | None = None) -> dict:
    """The case as ``show --json`` prints it. ``red_flags``: ``scan_case(store)``'s result when
    the caller has it already (the dossier export reads a big case's red flags in a second
    process while this one reads the rest); else they are found here."""
    raws = store.current_rows("evidence")
    evidence = [evidence_json(store, evidence_from_row(raw), raw) for raw in raws]
    out = {"case": case_json(store), "evidence": evidence, "messages": messages_json(store)}
    out.update(analysis_json(store))
    out.update(guide_json(store, red_flags=red_flags))
    return out


def guide_json(store: CaseStore, *, red_flags: list[dict] | None = None) -> dict:
    """The guide's keys: red_flags ({scam_type, phrase, evidence_id, location}) and steps."""
    from victimkit.analysis.redflags import scan_case
    from victimkit.guide.steps import step_states

    return {
        "red_flags": scan_case(store) if red_flags is None else red_flags,
        "steps": [
            {"id": s.id, "status": s.status, "updated_at": s.to_json()["updated_at"]}
            for s in step_states(store)
        ],
    }


def analysis_json(store: CaseStore) -> dict:
    """The analysis's keys: transactions (export and screenshot rows), identifiers, events."""
    from victimkit.analysis.analyse import case_transactions, transaction_json
    from victimkit.analysis.identifiers import identifiers_json
    from victimkit.analysis.timeline import events_json

    return {
        "transactions": [transaction_json(t) for t in case_transactions(store)],
        "identifiers": identifiers_json(store),
        "events": events_json(store),
    }
