"""A case is a folder: case.sqlite (WAL), originals/ (byte-exact, read-only), derived/.

``CaseStore`` is the only way to change a case. Every change goes through ``insert``,
``correct`` or ``update_case`` and is written together with its audit entry in one transaction.
A connection belongs to the thread that opened the store: open one store per thread.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from sqlite_utils import Database

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from victimkit import __version__
from victimkit.core.models import CaseInfo, Evidence
from victimkit.core.zones import is_known_zone
from victimkit.errors import CaseError
from victimkit.i18n import _
from victimkit.store import audit as audit_mod
from victimkit.store import blobs

DB_NAME = "case.sqlite"
LOCK_NAME = "case.lock"
ORIGINALS = "originals"
DERIVED = "derived"

_PLAIN = (str, int, float, bytes, type(None))  # stored as they are, by sqlite3 and sqlite-utils

# Fact tables: append-only; each insert is covered by an audit entry with the rows' digest.
FACT_TABLES = (
    "evidence",
    "evidence_sources",
    "corrections",
    "ocr_results",
    "ocr_lines",
    "messages",
    "transactions",
    "entities",
    "person_events",
    "analysis_runs",
    "guide_steps",
    "guide_actions",
    "guide_deadlines",
    "guide_scam_types",
)

CASE_FIELDS = (
    "title",
    "victim_name",
    "victim_contact",
    "lang",
    "country",
    "timezone",
    "me_name",
    "ocr_engine",
)


def default_timezone() -> str:
    tz = os.environ.get("TZ")
    if tz:
        try:
            ZoneInfo(tz)
            return tz
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            name = link.split("zoneinfo/", 1)[1]
            ZoneInfo(name)
            return name
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return "UTC"


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "person"


class WriterLock:
    """Every writable store holds a shared lock on <case>/case.lock for as long as it is open.

    Crash recovery (removing half-copied files) may only run when no other store — in this
    process or another — is open for writing: it takes the lock exclusively, without waiting,
    and skips the clean-up when that fails. The kernel drops the locks of a killed process.
    On systems without flock (Windows) the clean-up is left to a later, sole opening.
    """

    def __init__(self, root: Path):
        self.sole_writer = False
        self._fd: int | None = None
        if fcntl is None:
            return
        self._fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.sole_writer = True  # held exclusively until downgrade(): time for the clean-up
        except OSError:
            fcntl.flock(self._fd, fcntl.LOCK_SH)  # waits while a sole writer cleans up

    def downgrade(self) -> None:
        if self._fd is not None and self.sole_writer:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class CaseStore:
    """An open case. Use ``CaseStore.create`` or ``CaseStore.open``; close when done."""

    def __init__(self, root: Path, db: Database, *, read_only: bool = False):
        self.root = root
        self.db = db
        self.read_only = read_only
        self.actor = default_actor()
        self._lock: WriterLock | None = None

    # ----------------------------------------------------------------- opening
    @classmethod
    def create(
        cls,
        root: Path | str,
        *,
        title: str = "",
        victim_name: str = "",
        victim_contact: str = "",
        lang: str = "zh",
        country: str = "CN",
        timezone: str | None = None,
    ) -> CaseStore:
        root = Path(root)
        if timezone and not is_known_zone(timezone):
            raise CaseError(
                _(
                    "Unknown time zone {zone}: use a name such as Asia/Shanghai or Europe/London."
                ).format(zone=timezone)
            )
        if (root / DB_NAME).exists():
            raise CaseError(_("{path} already holds a case.").format(path=root))
        if root.exists() and any(root.iterdir()):
            raise CaseError(
                _("{path} is not empty: choose a new folder for the case.").format(path=root)
            )
        root.mkdir(parents=True, exist_ok=True)
        (root / ORIGINALS).mkdir(exist_ok=True)
        (root / DERIVED).mkdir(exist_ok=True)
        store = cls._connect(root)
        store._lock.downgrade()
        case_id = (
            "VK-" + audit_mod.utc_now().strftime("%Y%m%d") + "-" + uuid.uuid4().hex[:6].upper()
        )
        info = {
            "key": "case",
            "id": case_id,
            "title": title,
            "victim_name": victim_name,
            "victim_contact": victim_contact,
            "lang": lang,
            "country": country,
            "timezone": timezone or default_timezone(),
            "created_at": audit_mod.iso(audit_mod.utc_now()),
            "me_name": "",
            "ocr_engine": "rapidocr",
        }
        with store.transaction():
            store.db["case_info"].insert(info)
            store.audit("case_created", {"case": info, "tool": f"victimkit {__version__}"})
        return store

    @classmethod
    def open(
        cls, root: Path | str, *, read_only: bool = False, hand_over: bool = False
    ) -> CaseStore:
        """Open a case. ``hand_over``: the store may be used by another thread than the one that
        opened it (one thread at a time: the GUI opens a case on a worker, then uses it)."""
        root = Path(root)
        if not (root / DB_NAME).is_file():
            raise CaseError(_("{path} is not a victimkit case (no case.sqlite).").format(path=root))
        store = cls._connect(root, read_only=read_only, hand_over=hand_over)
        if not read_only:
            try:
                if store._lock.sole_writer:
                    store.recover()  # only when no other open store could be in the middle of a write
            finally:
                store._lock.downgrade()
        return store

    @classmethod
    def _connect(cls, root: Path, *, read_only: bool = False, hand_over: bool = False) -> CaseStore:
        # sqlite-utils (and the migrations, built on it) are imported on the first open, not
        # with this module: the case list (store.library, plain sqlite3) and the first window
        # do not need them, and their import is 0.2-0.4 s (numpy too, if importable)
        from sqlite_utils import Database

        from victimkit.store.migrations import migrations

        path = root / DB_NAME
        same_thread = not hand_over
        if read_only:
            conn = sqlite3.connect(
                f"file:{path}?mode=ro",
                uri=True,
                isolation_level=None,
                timeout=30,
                check_same_thread=same_thread,
            )
        else:
            conn = sqlite3.connect(
                str(path), isolation_level=None, timeout=30, check_same_thread=same_thread
            )
        db = Database(conn)
        if not read_only:
            db.enable_wal()
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            migrations.apply(db)
        store = cls(root, db, read_only=read_only)
        if not read_only:
            store._lock = WriterLock(root)
        return store

    def close(self) -> None:
        self.db.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --------------------------------------------------------------- paths
    @property
    def originals_dir(self) -> Path:
        return self.root / ORIGINALS

    @property
    def derived_dir(self) -> Path:
        return self.root / DERIVED

    def original_path(self, ev: Evidence) -> Path:
        return blobs.blob_path(self.originals_dir, ev.sha256, ev.ext)

    def thumbnail_path(self, sha256: str) -> Path:
        return self.derived_dir / "thumbs" / sha256[:2] / f"{sha256}.jpg"

    # --------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: the change and its audit entry commit together or not at all."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def audit(self, action: str, details: dict, *, actor: str | None = None) -> dict:
        """Append an audit entry. Call inside ``transaction()`` with the change it records."""
        last = self.db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, audit_mod.GENESIS)
        at = audit_mod.iso(audit_mod.utc_now())
        actor = actor or self.actor
        text = audit_mod.canonical(details)
        details = json.loads(text)  # as verify will read it back; canonical(details) == text
        digest = audit_mod.entry_hash(seq, at, actor, action, details, prev)
        row = {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "details": text,
            "prev_hash": prev,
            "hash": digest,
        }
        self._insert_rows("audit", [row])
        return row

    def _insert_rows(self, table: str, rows: list[dict]) -> None:
        """INSERT rows of plain values directly; anything else through sqlite-utils.

        sqlite-utils looks the table up in sqlite_master three times and wraps each insert in a
        savepoint of its own: most of the time of an import's row. The rows read back for the
        audit digest are the same either way.
        """
        cols = list(rows[0])
        if all(
            len(r) == len(cols) and all(type(r.get(c, r)) in _PLAIN for c in cols) for r in rows
        ):
            names = ", ".join(f"[{c}]" for c in cols)
            marks = ", ".join("?" * len(cols))
            self.db.conn.executemany(
                f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
                [tuple(r[c] for c in cols) for r in rows],
            )
        else:  # JSON-able containers, dates, Decimals...: sqlite-utils converts them
            self.db[table].insert_all(rows, batch_size=500)

    def insert(
        self,
        table: str,
        rows: Iterable[dict],
        *,
        action: str,
        details: dict | None = None,
        actor: str | None = None,
    ) -> list[int]:
        """Insert fact rows and their audit entry atomically; returns the new row ids."""
        if table not in FACT_TABLES:
            raise ValueError(f"{table} is not an audited fact table")
        rows = list(rows)
        if not rows:
            return []
        with self.transaction():
            cur = self.db.execute(f"SELECT COALESCE(MAX(id), 0) FROM [{table}]")
            next_id = cur.fetchone()[0] + 1
            written = []
            for i, row in enumerate(rows):
                row = {**row, "id": next_id + i}
                written.append(row)
            self._insert_rows(table, written)
            ids = [r["id"] for r in written]
            stored = self._rows(table, ids[0], ids[-1])
            self.audit(
                action,
                {
                    **(details or {}),
                    "table": table,
                    "first_id": ids[0],
                    "last_id": ids[-1],
                    "count": len(ids),
                    "digest": audit_mod.rows_digest(stored),
                },
                actor=actor,
            )
        return ids

    def _rows(self, table: str, first_id: int, last_id: int) -> list[dict]:
        cur = self.db.execute(
            f"SELECT * FROM [{table}] WHERE id BETWEEN ? AND ? ORDER BY id", [first_id, last_id]
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def correct(
        self,
        table: str,
        row_id: int,
        field: str,
        value,
        *,
        note: str = "",
        actor: str | None = None,
    ) -> int:
        """Record a person's correction. The first value stays in its row, untouched."""
        row = self.db[table].get(row_id)  # raises NotFoundError if missing
        before = self.current_value(table, row_id, field, default=row.get(field))
        ids = self.insert(
            "corrections",
            [
                {
                    "table_name": table,
                    "row_id": row_id,
                    "field": field,
                    "value": audit_mod.canonical(value),
                    "at": audit_mod.iso(audit_mod.utc_now()),
                    "actor": actor or self.actor,
                    "note": note,
                }
            ],
            action="corrected",
            details={
                "of": table,
                "row_id": row_id,
                "field": field,
                "before": before,
                "after": value,
            },
            actor=actor,
        )
        return ids[0]

    def corrections_for(self, table: str, row_ids: Iterable[int] | None = None) -> dict:
        """{row_id: {field: latest value}}."""
        sql = "SELECT row_id, field, value FROM corrections WHERE table_name = ?"
        params: list = [table]
        if row_ids is not None:
            ids = list(row_ids)
            if not ids:
                return {}
            sql += f" AND row_id IN ({','.join('?' * len(ids))})"
            params += ids
        out: dict[int, dict] = {}
        for row_id, field, value in self.db.execute(sql + " ORDER BY id", params).fetchall():
            out.setdefault(row_id, {})[field] = json.loads(value)
        return out

    def current_value(self, table: str, row_id: int, field: str, default=None):
        return self.corrections_for(table, [row_id]).get(row_id, {}).get(field, default)

    def current_rows(self, table: str, where: str | None = None, params=None) -> list[dict]:
        """Rows of a fact table with the people's corrections applied (``_corrected`` lists them)."""
        rows = list(self.db[table].rows_where(where, params or [], order_by="id"))
        fixes = self.corrections_for(table, [r["id"] for r in rows]) if rows else {}
        for r in rows:
            changed = fixes.get(r["id"], {})
            r.update(changed)
            r["_corrected"] = sorted(changed)
        return [r for r in rows if not r.get("_deleted")]

    # ----------------------------------------------------------------- case
    def info(self) -> CaseInfo:
        row = self.db["case_info"].get("case")
        return CaseInfo(
            id=row["id"],
            title=row["title"] or "",
            victim_name=row["victim_name"] or "",
            lang=row["lang"] or "zh",
            country=row["country"] or "CN",
            timezone=row["timezone"] or "UTC",
            created_at=audit_mod.parse_iso(row["created_at"]),
        )

    def case_row(self) -> dict:
        return dict(self.db["case_info"].get("case"))

    def update_case(self, *, actor: str | None = None, **fields) -> None:
        unknown = set(fields) - set(CASE_FIELDS)
        if unknown:
            raise ValueError(f"unknown case fields: {sorted(unknown)}")
        old = self.case_row()
        changes = {k: [old.get(k), v] for k, v in fields.items() if old.get(k) != v}
        if not changes:
            return
        with self.transaction():
            self.db["case_info"].update("case", fields)
            self.audit(
                "case_updated", {"changes": changes, "state": {**old, **fields}}, actor=actor
            )

    # -------------------------------------------------------------- evidence
    def evidence(self, evidence_id: int) -> Evidence:
        rows = self.current_rows("evidence", "id = ?", [evidence_id])
        if not rows:
            raise KeyError(evidence_id)
        return evidence_from_row(rows[0])

    def evidence_by_sha(self, sha256: str) -> Evidence | None:
        rows = self.current_rows("evidence", "sha256 = ?", [sha256])
        return evidence_from_row(rows[0]) if rows else None

    def list_evidence(self) -> list[Evidence]:
        return [evidence_from_row(r) for r in self.current_rows("evidence")]

    def sources(self, evidence_id: int) -> list[dict]:
        return list(
            self.db["evidence_sources"].rows_where("evidence_id = ?", [evidence_id], order_by="id")
        )

    # -------------------------------------------------------------- recovery
    def recover(self) -> list[str]:
        """Clean up after a crash: temporary copies, and originals whose row never committed."""
        notes = []
        for p in blobs.clear_incoming(self.originals_dir):
            notes.append(f"removed interrupted copy {p.name}")
        if self.derived_dir.is_dir():  # thumbnails and display copies cut off mid-write
            for dirpath, _dirs, files in os.walk(self.derived_dir):  # links not followed
                for name in files:
                    p = Path(dirpath) / name
                    if name.endswith(".part") and p.is_file() and not p.is_symlink():
                        p.unlink(missing_ok=True)
                        notes.append(f"removed interrupted derived file {p.name}")
        known = {r[0] for r in self.db.execute("SELECT sha256 FROM evidence").fetchall()}
        orphans = [
            p for p in blobs.iter_blobs(self.originals_dir) if p.name.split(".")[0] not in known
        ]
        if orphans:
            with self.transaction():
                for p in orphans:
                    os.chmod(p, 0o600)
                    p.unlink()
                    notes.append(f"removed uncommitted original {p.name}")
                self.audit(
                    "recovered_interrupted_import",
                    {"removed": [p.name for p in orphans]},
                    actor="victimkit",
                )
        return notes


def exhibit_label(index: int) -> str:
    return f"E-{index:03d}"


def evidence_from_row(row: dict) -> Evidence:
    return Evidence(
        id=row["id"],
        sha256=row["sha256"],
        kind=row["kind"],
        original_name=row["original_name"],
        source_path=row["source_path"],
        size=row["size"],
        media_type=row["media_type"],
        ext=row["ext"] or "",
        imported_at=audit_mod.parse_iso(row["imported_at"]),
        captured_at=audit_mod.parse_iso(row.get("captured_at")),
        captured_at_source=row.get("captured_at_source"),
        width=row.get("width"),
        height=row.get("height"),
        problems=tuple(json.loads(row.get("problems") or "[]")),
        exhibit=exhibit_label(row["id"]),
    )
