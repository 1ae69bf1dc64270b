"""The append-only audit chain: each entry carries the hash of the one before it.

An entry's hash is SHA-256 over the canonical JSON of (seq, at, actor, action, details, prev_hash).
Inserts into fact tables record the digest of the rows they wrote, so that ``verify`` can show
that no row was edited, added or removed behind the chain's back.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal

GENESIS = "0" * 64


def canonical(obj) -> str:
    return json.dumps(
        obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    )


def _default(obj):
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, bytes | bytearray):
        return obj.hex()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def entry_hash(seq: int, at: str, actor: str, action: str, details: dict, prev_hash: str) -> str:
    payload = canonical(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "details": details,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rows_digest(rows: list[dict]) -> str:
    """Digest of rows as stored, in id order. Values are normalised through canonical JSON."""
    h = hashlib.sha256()
    for row in rows:
        h.update(canonical(row).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime")
    return dt.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
