"""The case database's schema, as sqlite-utils Migrations applied in order.

Add new migrations at the end only; never edit one that has shipped.
Tables that hold evidence-derived facts are append-only: a person's change is a row in
``corrections`` (the first value stays), and every insert is covered by an audit entry.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("victimkit")


@migrations()
def m001_foundation(db: Database) -> None:
    db["case_info"].create(
        {
            "key": str,  # always "case": one row
            "id": str,
            "title": str,
            "victim_name": str,
            "victim_contact": str,
            "lang": str,
            "country": str,
            "timezone": str,
            "created_at": str,
            "me_name": str,
            "ocr_engine": str,
        },
        pk="key",
    )
    db["audit"].create(
        {
            "seq": int,
            "at": str,
            "actor": str,
            "action": str,
            "details": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="seq",
    )
    db["evidence"].create(
        {
            "id": int,
            "sha256": str,
            "kind": str,
            "original_name": str,
            "source_path": str,
            "size": int,
            "media_type": str,
            "ext": str,
            "imported_at": str,
            "captured_at": str,
            "captured_at_source": str,
            "file_mtime": str,
            "width": int,
            "height": int,
            "problems": str,  # JSON list of strings
            "meta": str,  # JSON: EXIF make/model/orientation, frames, ...
        },
        pk="id",
    )
    db["evidence"].create_index(["sha256"], unique=True)
    db["evidence_sources"].create(
        {
            "id": int,
            "evidence_id": int,
            "source_path": str,
            "original_name": str,
            "file_mtime": str,
            "imported_at": str,
        },
        pk="id",
        foreign_keys=[("evidence_id", "evidence", "id")],
    )
    db["corrections"].create(
        {
            "id": int,
            "table_name": str,
            "row_id": int,
            "field": str,
            "value": str,  # JSON
            "at": str,
            "actor": str,
            "note": str,
        },
        pk="id",
    )
    db["corrections"].create_index(["table_name", "row_id"])


@migrations()
def m002_derived_facts(db: Database) -> None:
    db["ocr_results"].create(
        {
            "id": int,
            "evidence_id": int,
            "engine": str,
            "engine_version": str,
            "model": str,
            "settings": str,  # JSON
            "created_at": str,
            "text": str,
            "layout": str,  # "chat", "payment", "page", ...
        },
        pk="id",
        foreign_keys=[("evidence_id", "evidence", "id")],
    )
    db["ocr_results"].create_index(["evidence_id"])
    db["ocr_lines"].create(
        {
            "id": int,
            "ocr_result_id": int,
            "evidence_id": int,
            "line_no": int,
            "text": str,
            "x0": int,
            "y0": int,
            "x1": int,
            "y1": int,
            "confidence": float,
            "speaker": str,
            "tag": str,
            "message_no": int,
        },
        pk="id",
        foreign_keys=[("ocr_result_id", "ocr_results", "id"), ("evidence_id", "evidence", "id")],
    )
    db["ocr_lines"].create_index(["ocr_result_id"])
    db["messages"].create(
        {
            "id": int,
            "evidence_id": int,
            "seq": int,
            "sender": str,
            "sent_at": str,  # ISO 8601 UTC, or null
            "timezone": str,
            "text": str,
            "direction": str,
            "is_system": int,
            "attachment": str,
            "source_ref": str,
            "forwarded_from": str,
            "origin": str,  # "export" or "ocr"
        },
        pk="id",
        foreign_keys=[("evidence_id", "evidence", "id")],
    )
    db["messages"].create_index(["evidence_id", "seq"])
    db["transactions"].create(
        {
            "id": int,
            "evidence_id": int,
            "occurred_at": str,
            "amount": str,  # signed decimal string
            "currency": str,
            "direction": str,
            "status": str,
            "counterparty": str,
            "payee_name": str,
            "payee_account": str,
            "payee_bank": str,
            "payment_method": str,
            "order_number": str,
            "merchant_order_number": str,
            "description": str,
            "category": str,
            "source_ref": str,
            "is_loss": int,
            "fields": str,  # JSON: field -> {"box": [...], "confidence": x, "line_id": n}
            "origin": str,  # "export", "ocr", "person"
        },
        pk="id",
        foreign_keys=[("evidence_id", "evidence", "id")],
    )
    db["transactions"].create_index(["evidence_id"])


@migrations()
def m005_analysis(db: Database) -> None:
    """Facts found by analysis: entities, events a person adds, and which inputs were analysed."""
    db["entities"].create(
        {
            "id": int,
            "evidence_id": int,
            "source": str,  # "ocr_line", "message", "transaction"
            "source_id": int,  # ocr_lines.id, messages.id or transactions.id
            "ocr_result_id": int,
            "kind": str,  # phone, bank_card, resident_id, wechat_id, amount, order_number, ...
            "value": str,  # normalised
            "text": str,  # as written
            "start": int,
            "end": int,
            "x0": int,
            "y0": int,
            "x1": int,
            "y1": int,
            "confidence": float,
            "valid": int,  # checksum: 1, 0, or null when the format has none
            "sensitive": int,
            "role": str,  # suspect, payee, victim, unknown
            "extra": str,  # JSON
        },
        pk="id",
        foreign_keys=[("evidence_id", "evidence", "id")],
    )
    db["entities"].create_index(["evidence_id"])
    db["entities"].create_index(["kind", "value"])
    db["person_events"].create(
        {
            "id": int,
            "occurred_at": str,  # ISO 8601 UTC
            "timezone": str,
            "description": str,
            "evidence_id": int,
            "created_at": str,
            "actor": str,
        },
        pk="id",
    )
    db["analysis_runs"].create(
        {
            "id": int,
            "evidence_id": int,
            "ocr_result_id": int,  # the OCR result analysed, or null
            "last_message_id": int,  # messages up to this id were analysed
            "version": str,
            "at": str,
            "entities": int,
            "transactions": int,
        },
        pk="id",
    )
    db["analysis_runs"].create_index(["evidence_id"])


@migrations()
def m004_guide(db: Database) -> None:
    """The victim's progress through the steps: append-only; the latest row is the state."""
    db["guide_steps"].create(
        {
            "id": int,
            "step_id": str,
            "status": str,  # "todo", "doing", "done", "skipped"
            "note": str,
            "at": str,  # ISO 8601 UTC
            "actor": str,
        },
        pk="id",
    )
    db["guide_steps"].create_index(["step_id"])
    db["guide_actions"].create(
        {
            "id": int,
            "kind": str,  # "called_bank", "called_police", "platform_report", ...
            "ref": str,  # ticket, receipt or reference number
            "channel_id": str,  # a channel of resources/knowledge/channels.yaml, or ""
            "note": str,
            "occurred_at": str,  # when the person did it (ISO 8601 UTC)
            "at": str,  # when it was recorded
            "actor": str,
        },
        pk="id",
    )
    db["guide_deadlines"].create(
        {
            "id": int,
            "deadline_id": str,  # an id of deadlines.yaml
            "due_at": str,  # ISO 8601 UTC
            "note": str,
            "at": str,
            "actor": str,
        },
        pk="id",
    )
    db["guide_scam_types"].create(
        {
            "id": int,
            "scam_type": str,  # an id of scam_types.yaml
            "status": str,  # "confirmed" or "rejected" by the person
            "at": str,
            "actor": str,
        },
        pk="id",
    )


@migrations()
def m003_search(db: Database) -> None:
    # Derived, rebuildable: victimkit.store.search keeps it up to date from ocr_lines, messages
    # and corrections. Text is stored tokenised (every CJK character and digit a token of its
    # own) so that queries of one or two Chinese characters match; see search.py.
    db.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "body, kind UNINDEXED, row_id UNINDEXED, evidence_id UNINDEXED, tokenize = 'unicode61')"
    )
    db["search_state"].create({"key": str, "value": int}, pk="key")
