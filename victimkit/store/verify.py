"""verify: prove a case folder is intact, or name each thing that is not.

Checks, in order: the audit chain end to end (every entry's hash, its link to the one before,
no gaps); every audited fact row against the digest recorded when it was written (edits, rows
added behind the chain's back, rows removed); the case details against their last audited state;
every original against its SHA-256 and size; every evidence row has its file and every file its row.
Read-only: opening a case for verification changes nothing in it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from victimkit.i18n import _
from victimkit.store import audit as audit_mod
from victimkit.store import blobs
from victimkit.store.case import DB_NAME, FACT_TABLES, ORIGINALS


@dataclass
class VerifyReport:
    target: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked_files: int = 0
    checked_entries: int = 0
    checked_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cur = conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def verify_case(root: Path | str) -> VerifyReport:
    root = Path(root)
    report = VerifyReport(root)
    db_path = root / DB_NAME
    if not db_path.is_file():
        report.problems.append(
            _("{path} is not a victimkit case (no case.sqlite).").format(path=root)
        )
        return report
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        conn.execute("SELECT 1 FROM audit LIMIT 1")
    except sqlite3.DatabaseError as exc:
        report.problems.append(_("the case database cannot be read: {reason}").format(reason=exc))
        return report
    try:
        entries = _check_chain(conn, report)
        _check_facts(conn, entries, report)
        _check_case_info(conn, entries, report)
        _check_originals(conn, root, entries, report)
    except sqlite3.DatabaseError as exc:
        report.problems.append(_("the case database is damaged: {reason}").format(reason=exc))
    finally:
        conn.close()
    return report


def _check_chain(conn, report: VerifyReport) -> list[dict]:
    entries = _rows(conn, "SELECT * FROM audit ORDER BY seq")
    prev_hash = audit_mod.GENESIS
    expected_seq = 1
    good: list[dict] = []
    for e in entries:
        report.checked_entries += 1
        if e["seq"] != expected_seq:
            if e["seq"] > expected_seq:
                missing = (
                    f"{expected_seq}"
                    if e["seq"] == expected_seq + 1
                    else f"{expected_seq}–{e['seq'] - 1}"
                )
                report.problems.append(
                    _("audit chain: entry {n} is missing (removed after it was written)").format(
                        n=missing
                    )
                )
            expected_seq = e["seq"]
        try:
            details = json.loads(e["details"])
        except (TypeError, ValueError):
            report.problems.append(_("audit chain: entry {n} is unreadable").format(n=e["seq"]))
            details = {}
        recomputed = audit_mod.entry_hash(
            e["seq"], e["at"], e["actor"], e["action"], details, e["prev_hash"]
        )
        if recomputed != e["hash"]:
            report.problems.append(
                _(
                    "audit chain: entry {n} ({action}, {at}) was changed after it was written"
                ).format(n=e["seq"], action=e["action"], at=e["at"])
            )
        elif e["prev_hash"] != prev_hash:
            report.problems.append(
                _(
                    "audit chain: entry {n} ({action}) does not follow the entry before it — an entry was removed or replaced"
                ).format(n=e["seq"], action=e["action"])
            )
        prev_hash = e["hash"]
        expected_seq += 1
        good.append({**e, "details": details})
    if not entries:
        report.problems.append(_("audit chain: it is empty — the case's history was removed"))
    return good


def _check_facts(conn, entries: list[dict], report: VerifyReport) -> None:
    existing_tables = {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    covered: dict[str, set[int]] = {t: set() for t in FACT_TABLES}
    for e in entries:
        d = e["details"]
        table = d.get("table")
        if table not in covered or "digest" not in d:
            continue
        first, last, count = d["first_id"], d["last_id"], d["count"]
        covered[table].update(range(first, last + 1))
        if table not in existing_tables:
            report.problems.append(_("table {table} is missing").format(table=table))
            continue
        rows = _rows(
            conn, f"SELECT * FROM [{table}] WHERE id BETWEEN ? AND ? ORDER BY id", (first, last)
        )
        report.checked_rows += len(rows)
        where = _describe_rows(table, first, last)
        if len(rows) != count:
            present = {r["id"] for r in rows}
            gone = [i for i in range(first, last + 1) if i not in present]
            report.problems.append(
                _("{where}: {n} row(s) removed ({ids}) — recorded by audit entry {seq}").format(
                    where=where, n=len(gone), ids=_ids(gone), seq=e["seq"]
                )
            )
        elif audit_mod.rows_digest(rows) != d["digest"]:
            report.problems.append(
                _(
                    "{where}: changed after it was written (does not match audit entry {seq}, {action})"
                ).format(where=where, seq=e["seq"], action=e["action"])
            )
    for table, ids in covered.items():
        if table not in existing_tables:
            continue
        present = [r[0] for r in conn.execute(f"SELECT id FROM [{table}] ORDER BY id")]
        extra = [i for i in present if i not in ids]
        if extra:
            report.problems.append(
                _("{table}: row(s) {ids} were added outside victimkit (no audit entry)").format(
                    table=table, ids=_ids(extra)
                )
            )


def _describe_rows(table: str, first: int, last: int) -> str:
    if table == "evidence" and first == last:
        return _("evidence E-{n:03d}").format(n=first)
    if first == last:
        return _("{table} row {id}").format(table=table, id=first)
    return _("{table} rows {first}–{last}").format(table=table, first=first, last=last)


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:10])
    return shown + (" …" if len(ids) > 10 else "")


def _check_case_info(conn, entries: list[dict], report: VerifyReport) -> None:
    state = None
    for e in entries:
        if e["action"] == "case_created":
            state = e["details"].get("case")
        elif e["action"] == "case_updated":
            state = e["details"].get("state")
    rows = _rows(conn, "SELECT * FROM case_info")
    if state is None or len(rows) != 1:
        report.problems.append(_("case details: missing or not recorded in the audit chain"))
        return
    row = rows[0]
    changed = sorted(k for k in state if row.get(k) != state.get(k))
    if changed:
        report.problems.append(
            _("case details changed outside victimkit: {fields}").format(fields=", ".join(changed))
        )


def _check_originals(conn, root: Path, entries: list[dict], report: VerifyReport) -> None:
    originals = root / ORIGINALS
    rows = _rows(conn, "SELECT id, sha256, ext, size, original_name FROM evidence ORDER BY id")
    known: set[str] = set()
    for r in rows:
        label = _("E-{n:03d} ({name})").format(n=r["id"], name=r["original_name"])
        path = blobs.blob_path(originals, r["sha256"], r["ext"] or "")
        known.add(path.name)
        report.checked_files += 1
        if not path.is_file():
            report.problems.append(
                _("{label}: the original file is missing ({path})").format(
                    label=label, path=path.relative_to(root)
                )
            )
            continue
        size = path.stat().st_size
        digest = blobs.sha256_file(path)
        if digest != r["sha256"]:
            report.problems.append(
                _(
                    "{label}: the original was changed — its SHA-256 is now {now}, recorded {then}"
                ).format(label=label, now=digest, then=r["sha256"])
            )
        elif size != r["size"]:
            report.problems.append(
                _("{label}: size {now} bytes, recorded {then}").format(
                    label=label, now=size, then=r["size"]
                )
            )
    audited_hashes = {
        e["details"].get("sha256") for e in entries if e["action"] in ("evidence_added",)
    }
    for path in blobs.iter_blobs(originals):
        if path.name in known:
            continue
        sha = path.name.split(".")[0]
        if sha in audited_hashes:
            report.problems.append(
                _("{path}: file has no evidence row — its row was removed").format(
                    path=path.relative_to(root)
                )
            )
        else:
            report.notes.append(
                _(
                    "{path}: left over from an interrupted import, not part of the case; it is removed the next time the case is opened"
                ).format(path=path.relative_to(root))
            )
    incoming = originals / blobs.TMP_DIR
    if incoming.is_dir() and any(incoming.iterdir()):
        report.notes.append(
            _(
                "temporary copies from an interrupted import are present; they are removed the next time the case is opened"
            )
        )
