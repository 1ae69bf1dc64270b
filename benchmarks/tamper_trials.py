"""Tamper trials: change a case or a bundle behind victimkit's back; ``verify`` must catch it
and name what changed.

One real case is built (screenshots, an Alipay bill, a WhatsApp chat, OCR of one screenshot,
analysis, a person's correction, a dossier export with its bundle). Each trial copies the case
or the bundle, makes one change, and runs ``verify_case`` or ``verify_bundle``:

  * case: one byte of each original; originals truncated, extended, swapped, deleted; audit
    entries removed (first, middle, last), edited (each field), re-hashed alone, reordered; a
    row of every audited table edited, deleted, forged; the case details; the database file;
  * bundle: one byte of every member; members removed, added, renamed; SHA256SUMS lines edited
    and removed; the manifest edited, alone and with SHA256SUMS made to match; an original
    swapped with manifest and SHA256SUMS made to match; custody-log entries; the ZIP's bytes.

Two trials are *expected* to pass verification, and are shown as such: an attacker who
rewrites the whole audit chain consistently, and one who cuts off the last audit entry when it
recorded no rows (an export). Against those the anchor is outside the case: the manifest hash
printed on paper, or an earlier bundle's custody log (see SECURITY.md).

    python benchmarks/tamper_trials.py [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import stat
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SAMPLES = ROOT / "tests" / "data" / "exports"


@dataclass
class Tamper:
    name: str
    target: str  # "case" | "bundle"
    apply: Callable[[Path, dict], list[str]]  # returns the tokens a problem must name
    expect_detected: bool = True


@dataclass
class Outcome:
    name: str
    target: str
    expected: bool
    detected: bool
    named: bool
    first_problem: str = ""
    tokens: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.detected == self.expected and (self.named or not self.expected)


# ----------------------------------------------------------------------- the real case
def _screenshot(path: Path, lines: list[str]) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 32)
    im = Image.new("RGB", (540, 1000), (237, 237, 237))
    d = ImageDraw.Draw(im)
    for j, text in enumerate(lines):
        d.text((30, 60 + 70 * j), text, font=font, fill=(20, 20, 20))
    im.save(path)


def build_case(work: Path) -> dict:
    """A real case with rows in every table a person's evidence produces, and its bundle."""
    from victimkit.analysis.analyse import analyse_case
    from victimkit.dossier.export import export_case
    from victimkit.intake.files import import_files
    from victimkit.ocr.run import ocr_evidence
    from victimkit.store.case import CaseStore

    src = work / "phone"
    src.mkdir(parents=True)
    shots = []
    for i, lines in enumerate(
        [
            ["抖音官方客服", "您的账户存在风险", "请转账到安全账户"],
            ["转账成功", "¥ 1,130.00", "收款账户 6222021001123456"],
            ["扫码领取退款", "QQ 123456789"],
        ]
    ):
        p = src / f"Screenshot_20241014-2335{i:02d}.png"
        _screenshot(p, lines)
        shots.append(p)
    bill = src / "alipay.csv"
    chat = src / "whatsapp.txt"
    shutil.copyfile(SAMPLES / "alipay.csv", bill)
    shutil.copyfile(SAMPLES / "whatsapp_android_en.txt", chat)
    case = work / "case"
    with CaseStore.create(
        case, title="冒充客服", victim_name="张三", victim_contact="13800000000"
    ) as store:
        import_files(store, [*shots, bill, chat], me="Li Wei")
        dup = src / "copy.png"
        shutil.copyfile(shots[0], dup)
        import_files(store, [dup])  # a second source of the same screenshot
        ocr_evidence(store, [2], engine="rapidocr", jobs=1)
        analyse_case(store)
        tx = store.db.execute("SELECT MIN(id) FROM transactions").fetchone()[0]
        store.correct("transactions", tx, "payee_name", "某某", note="read from the bank slip")
        store.update_case(title="冒充抖音客服")
        export_case(store, work / "out" / "dossier.pdf", bundle_path=work / "out" / "bundle.zip")
        counts = {
            t: store.db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0]
            for t in store.db.table_names()
        }
        evidence = [(e.id, e.exhibit, e.original_name) for e in store.list_evidence()]
        last_action = store.db.execute(
            "SELECT action FROM audit ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    return {
        "case": case,
        "bundle": work / "out" / "bundle.zip",
        "counts": counts,
        "evidence": evidence,
        "last_action": last_action,
    }


# ----------------------------------------------------------------------- helpers
def _db(case: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(case / "case.sqlite", isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def _originals(case: Path) -> list[Path]:
    conn = _db(case)
    rows = conn.execute("SELECT id, sha256, ext FROM evidence ORDER BY id").fetchall()
    conn.close()
    from victimkit.store.blobs import blob_path

    return [blob_path(case / "originals", sha, ext or "") for _id, sha, ext in rows]


def _writable(p: Path) -> None:
    os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)


def _flip(path: Path, offset: int | None = None, rng: random.Random | None = None) -> None:
    _writable(path)
    data = bytearray(path.read_bytes())
    i = offset if offset is not None else (rng or random.Random(0)).randrange(len(data))
    data[i] ^= 0x20
    path.write_bytes(bytes(data))


def _first_text_column(conn, table: str) -> tuple[int, str]:
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    row = conn.execute(f"SELECT * FROM [{table}] ORDER BY id LIMIT 1").fetchone()
    for c, v in zip(cols, row, strict=True):
        if c != "id" and isinstance(v, str) and v:
            return row[0], c
    for c, v in zip(cols, row, strict=True):
        if c != "id" and v is not None:
            return row[0], c
    raise LookupError(table)


def _describe(table: str, row_id: int) -> str:
    return f"evidence E-{row_id:03d}" if table == "evidence" else table


def _rewrite_zip(src: Path, dest: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    """Re-pack a bundle with ``change`` applied to its {name: bytes}; member order kept."""
    with zipfile.ZipFile(src) as zf:
        infos = zf.infolist()
        members = {i.filename: zf.read(i) for i in infos}
    types = {i.filename: i.compress_type for i in infos}
    order = [i.filename for i in infos]
    change(members)
    order = [n for n in order if n in members] + [n for n in members if n not in order]
    with zipfile.ZipFile(dest, "w") as zf:
        for n in order:
            zf.writestr(n, members[n], compress_type=types.get(n, zipfile.ZIP_DEFLATED))


def _sums_line(members: dict[str, bytes], name: str) -> None:
    import hashlib

    lines = members["SHA256SUMS"].decode().splitlines()
    digest = hashlib.sha256(members[name]).hexdigest()
    out = [f"{digest}  {name}" if ln.endswith("  " + name) else ln for ln in lines]
    members["SHA256SUMS"] = ("\n".join(out) + "\n").encode()


# ----------------------------------------------------------------------- case trials
def case_trials(facts: dict) -> list[Tamper]:
    out: list[Tamper] = []
    for ev_id, exhibit, _name in facts["evidence"]:

        def flip_original(case, f, ev_id=ev_id, exhibit=exhibit):
            _flip(_originals(case)[ev_id - 1], rng=random.Random(ev_id))
            return [exhibit, "was changed"]

        out.append(Tamper(f"one byte of original {exhibit}", "case", flip_original))

    def truncate(case, f):
        p = _originals(case)[0]
        _writable(p)
        p.write_bytes(p.read_bytes()[:-1])
        return ["E-001", "was changed"]

    def extend(case, f):
        p = _originals(case)[1]
        _writable(p)
        p.write_bytes(p.read_bytes() + b"\x00")
        return ["E-002", "was changed"]

    def swap(case, f):
        a, b = _originals(case)[:2]
        _writable(a)
        a.write_bytes(b.read_bytes())
        return ["E-001", "was changed"]

    def delete(case, f):
        p = _originals(case)[2]
        _writable(p)
        p.unlink()
        return ["E-003", "missing"]

    out += [
        Tamper("original cut short by one byte", "case", truncate),
        Tamper("original extended by one byte", "case", extend),
        Tamper("original replaced by another original", "case", swap),
        Tamper("original deleted", "case", delete),
    ]

    def audit_remove(seq_sql, label):
        def fn(case, f):
            conn = _db(case)
            seq = conn.execute(seq_sql).fetchone()[0]
            details = json.loads(
                conn.execute("SELECT details FROM audit WHERE seq = ?", [seq]).fetchone()[0]
            )
            conn.execute("DELETE FROM audit WHERE seq = ?", [seq])
            conn.close()
            if label == "last" and "table" not in details:
                return ["(no rows recorded)"]
            if label == "last":
                return [details["table"], "outside victimkit"]
            return [f"entry {seq}"]

        return fn

    out += [
        Tamper(
            "audit entry removed (the first)",
            "case",
            audit_remove("SELECT MIN(seq) FROM audit", "first"),
        ),
        Tamper(
            "audit entry removed (in the middle)",
            "case",
            audit_remove("SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 5", "middle"),
        ),
        Tamper(
            "audit entry removed (the last one that recorded rows)",
            "case",
            audit_remove(
                "SELECT MAX(seq) FROM audit WHERE json_extract(details, '$.table') IS NOT NULL",
                "last-rows",
            ),
        ),
    ]

    def remove_last_rows(case, f):
        conn = _db(case)
        seq, details = conn.execute(
            "SELECT seq, details FROM audit WHERE json_extract(details, '$.table') IS NOT NULL"
            " ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        table = json.loads(details)["table"]
        # remove it with everything after it, as a careful forger would (tail cut)
        conn.execute("DELETE FROM audit WHERE seq >= ?", [seq])
        conn.close()
        return [table, "outside victimkit"]

    out.append(
        Tamper(
            "audit chain cut off before the last entry that recorded rows", "case", remove_last_rows
        )
    )

    def remove_tail_export(case, f):
        conn = _db(case)
        conn.execute("DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)")
        conn.close()
        return []

    out.append(
        Tamper(
            f"last audit entry removed when it recorded no rows ({facts['last_action']})",
            "case",
            remove_tail_export,
            expect_detected=False,
        )
    )

    for col, value in (
        ("actor", "'someone else'"),
        ("at", "'2020-01-01T00:00:00.000000Z'"),
        ("action", "'forged_action'"),
        ("details", "replace(details, '\"count\":1', '\"count\":2')"),
        ("prev_hash", "'" + "0" * 64 + "'"),
        ("hash", "'" + "f" * 64 + "'"),
    ):

        def edit_audit(case, f, col=col, value=value):
            conn = _db(case)
            seq = conn.execute(
                "SELECT seq FROM audit WHERE details LIKE '%\"count\":1%' ORDER BY seq LIMIT 1 OFFSET 2"
            ).fetchone()[0]
            conn.execute(f"UPDATE audit SET {col} = {value} WHERE seq = ?", [seq])
            conn.close()
            # a changed hash shows on the entry after it, which no longer follows
            return [f"entry {seq + 1}" if col == "hash" else f"entry {seq}"]

        out.append(Tamper(f"audit entry edited ({col})", "case", edit_audit))

    def rehash_one(case, f):
        from victimkit.store import audit as audit_mod

        conn = _db(case)
        seq, at, actor, action, details, prev = conn.execute(
            "SELECT seq, at, actor, action, details, prev_hash FROM audit ORDER BY seq LIMIT 1 OFFSET 3"
        ).fetchone()
        d = json.loads(details)
        d["forged"] = True
        new_hash = audit_mod.entry_hash(seq, at, actor, action, d, prev)
        conn.execute(
            "UPDATE audit SET details = ?, hash = ? WHERE seq = ?",
            [audit_mod.canonical(d), new_hash, seq],
        )
        conn.close()
        return [f"entry {seq + 1}", "does not follow"]

    out.append(Tamper("audit entry edited and its own hash recomputed", "case", rehash_one))

    def reorder(case, f):
        conn = _db(case)
        conn.execute("UPDATE audit SET seq = -1 WHERE seq = 4")
        conn.execute("UPDATE audit SET seq = 4 WHERE seq = 5")
        conn.execute("UPDATE audit SET seq = 5 WHERE seq = -1")
        conn.close()
        return ["entry 4"]

    out.append(Tamper("two audit entries swapped", "case", reorder))

    def empty_audit(case, f):
        conn = _db(case)
        conn.execute("DELETE FROM audit")
        conn.close()
        return ["empty"]

    out.append(Tamper("audit chain emptied", "case", empty_audit))

    from victimkit.store.case import FACT_TABLES

    for table in FACT_TABLES:
        if not facts["counts"].get(table):
            continue

        def edit_row(case, f, table=table):
            conn = _db(case)
            row_id, col = _first_text_column(conn, table)
            conn.execute(
                f"UPDATE [{table}] SET [{col}] = CASE typeof([{col}]) WHEN 'text' THEN [{col}] || 'x' "
                f"ELSE [{col}] + 1 END WHERE id = ?",
                [row_id],
            )
            conn.close()
            return [_describe(table, row_id), "changed after it was written"]

        def delete_row(case, f, table=table):
            conn = _db(case)
            row_id = conn.execute(f"SELECT MAX(id) FROM [{table}]").fetchone()[0]
            conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
            conn.close()
            return [_describe(table, row_id), "removed"]

        def forge_row(case, f, table=table):
            conn = _db(case)
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
            row = list(conn.execute(f"SELECT * FROM [{table}] ORDER BY id LIMIT 1").fetchone())
            row[cols.index("id")] = 9999
            if "sha256" in cols:  # evidence: one row per content
                row[cols.index("sha256")] = "f" * 64
            conn.execute(
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
                row,
            )
            conn.close()
            return [table, "9999", "outside victimkit"]

        out += [
            Tamper(f"{table}: a row edited", "case", edit_row),
            Tamper(f"{table}: a row deleted", "case", delete_row),
            Tamper(f"{table}: a row added behind the chain's back", "case", forge_row),
        ]

    for col in ("sha256", "captured_at", "original_name", "size"):

        def edit_evidence(case, f, col=col):
            conn = _db(case)
            sql = {
                "sha256": "replace(sha256, substr(sha256, 1, 1), 'f')",
                "captured_at": "'2019-01-01T00:00:00.000000Z'",
                "original_name": "'innocent.png'",
                "size": "size + 1",
            }[col]
            conn.execute(f"UPDATE evidence SET {col} = {sql} WHERE id = 2")
            conn.close()
            return ["evidence E-002", "changed after it was written"]

        out.append(Tamper(f"evidence row edited ({col})", "case", edit_evidence))

    for col, value in (("victim_name", "'王五'"), ("title", "'nothing happened'")):

        def edit_case(case, f, col=col, value=value):
            conn = _db(case)
            conn.execute(f"UPDATE case_info SET {col} = {value}")
            conn.close()
            return ["case details", col]

        out.append(Tamper(f"case details edited ({col})", "case", edit_case))

    def rewrite_all(case, f):
        """Edit a transaction and recompute its digest and every later hash: consistent."""
        from victimkit.store import audit as audit_mod

        conn = _db(case)
        conn.execute("UPDATE transactions SET amount = '1.00' WHERE id = 1")
        entries = conn.execute(
            "SELECT seq, at, actor, action, details FROM audit ORDER BY seq"
        ).fetchall()
        prev = audit_mod.GENESIS
        for seq, at, actor, action, details in entries:
            d = json.loads(details)
            if d.get("table") == "transactions" and d["first_id"] <= 1 <= d["last_id"]:
                cur = conn.execute(
                    "SELECT * FROM transactions WHERE id BETWEEN ? AND ? ORDER BY id",
                    [d["first_id"], d["last_id"]],
                )
                cols = [c[0] for c in cur.description]
                rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
                d["digest"] = audit_mod.rows_digest(rows)
            h = audit_mod.entry_hash(seq, at, actor, action, d, prev)
            conn.execute(
                "UPDATE audit SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                [audit_mod.canonical(d), prev, h, seq],
            )
            prev = h
        conn.close()
        return []

    out.append(
        Tamper(
            "whole audit chain rewritten consistently after editing a transaction",
            "case",
            rewrite_all,
            expect_detected=False,
        )
    )

    def damage_db(case, f):
        p = case / "case.sqlite"
        data = bytearray(p.read_bytes())
        page = 4096
        for i in range(page * 2, min(len(data), page * 4)):
            data[i] = 0xA5
        p.write_bytes(bytes(data))
        return ["database"]

    def remove_db(case, f):
        (case / "case.sqlite").unlink()
        return ["no case.sqlite"]

    out += [
        Tamper("database file damaged (two pages overwritten)", "case", damage_db),
        Tamper("database file deleted", "case", remove_db),
    ]
    return out


# ----------------------------------------------------------------------- bundle trials
def bundle_trials(facts: dict) -> list[Tamper]:
    with zipfile.ZipFile(facts["bundle"]) as zf:
        names = [i.filename for i in zf.infolist() if not i.filename.endswith("/")]
    out: list[Tamper] = []
    for name in names:

        def flip_member(bundle, f, name=name):
            def change(m):
                data = bytearray(m[name])
                # a byte inside the content (for SHA256SUMS: inside a digest)
                i = random.Random(name).randrange(0, 64 if name == "SHA256SUMS" else len(data))
                data[i] = (
                    data[i] ^ 0x01
                    if chr(data[i]) not in "0123456789abcdef"
                    else ord("0" if chr(data[i]) != "0" else "1")
                )
                m[name] = bytes(data)

            _rewrite_zip(bundle, bundle, change)
            if name == "SHA256SUMS":
                first = f["sums_first"]
                return [first, "SHA256SUMS says"]
            return [name]

        out.append(Tamper(f"bundle: one byte of {name}", "bundle", flip_member))

    def remove_member(bundle, f):
        victim = next(n for n in names if n.startswith("originals/"))
        _rewrite_zip(bundle, bundle, lambda m: m.pop(victim))
        return [victim, "not in the bundle"]

    def add_member(bundle, f):
        _rewrite_zip(bundle, bundle, lambda m: m.__setitem__("originals/E-999_extra.png", b"x"))
        return ["originals/E-999_extra.png", "not listed"]

    def rename_member(bundle, f):
        victim = next(n for n in names if n.startswith("originals/"))

        def change(m):
            m[victim.replace("originals/", "originals/renamed_")] = m.pop(victim)

        _rewrite_zip(bundle, bundle, change)
        return [victim]

    def sums_line_removed(bundle, f):
        victim = next(n for n in names if n.startswith("derived/"))

        def change(m):
            lines = [
                ln for ln in m["SHA256SUMS"].decode().splitlines() if not ln.endswith("  " + victim)
            ]
            m["SHA256SUMS"] = ("\n".join(lines) + "\n").encode()

        _rewrite_zip(bundle, bundle, change)
        return [victim, "not listed in SHA256SUMS"]

    def manifest_and_sums(bundle, f):
        def change(m):
            doc = json.loads(m["manifest.json"])
            doc["files"][0]["original_name"] = "innocent.png"
            m["manifest.json"] = json.dumps(doc).encode()
            _sums_line(m, "manifest.json")

        _rewrite_zip(bundle, bundle, change)
        return ["dossier.pdf", "manifest.json"]

    def original_all_consistent(bundle, f):
        victim = next(n for n in names if n.startswith("originals/"))

        def change(m):
            import hashlib

            m[victim] = m[victim] + b"\x00"
            doc = json.loads(m["manifest.json"])
            for rec in doc["files"]:
                if rec["path"] == victim:
                    rec["sha256"] = hashlib.sha256(m[victim]).hexdigest()
                    rec["size_bytes"] = len(m[victim])
            m["manifest.json"] = json.dumps(doc).encode()
            _sums_line(m, victim)
            _sums_line(m, "manifest.json")

        _rewrite_zip(bundle, bundle, change)
        return ["dossier.pdf", "manifest.json"]

    def custody_removed(bundle, f):
        def change(m):
            lines = m["custody_log.jsonl"].decode().splitlines()
            del lines[2]
            m["custody_log.jsonl"] = ("\n".join(lines) + "\n").encode()
            _sums_line(m, "custody_log.jsonl")

        _rewrite_zip(bundle, bundle, change)
        return ["custody_log.jsonl", "entry 3"]

    def custody_edited(bundle, f):
        def change(m):
            lines = m["custody_log.jsonl"].decode().splitlines()
            e = json.loads(lines[1])
            e["actor"] = "someone else"
            lines[1] = json.dumps(e, ensure_ascii=False)
            m["custody_log.jsonl"] = ("\n".join(lines) + "\n").encode()
            _sums_line(m, "custody_log.jsonl")

        _rewrite_zip(bundle, bundle, change)
        return ["custody_log.jsonl", "entry 2"]

    def zip_bytes(bundle, f):
        """One byte of a deflated member's compressed data in the ZIP file itself."""
        with zipfile.ZipFile(bundle) as zf:
            info = next(
                i
                for i in zf.infolist()
                if i.compress_type == zipfile.ZIP_DEFLATED and i.compress_size > 64
            )
        data = bytearray(bundle.read_bytes())
        header = info.header_offset
        name_len = int.from_bytes(data[header + 26 : header + 28], "little")
        extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
        start = header + 30 + name_len + extra_len
        data[start + info.compress_size // 2] ^= 0xFF
        bundle.write_bytes(bytes(data))
        return [info.filename]

    def truncated(bundle, f):
        data = bundle.read_bytes()
        bundle.write_bytes(data[: len(data) // 2])
        return [bundle.name, "not a readable ZIP"]

    out += [
        Tamper("bundle: an original removed", "bundle", remove_member),
        Tamper("bundle: a file added", "bundle", add_member),
        Tamper("bundle: an original renamed", "bundle", rename_member),
        Tamper("bundle: a SHA256SUMS line removed", "bundle", sums_line_removed),
        Tamper("bundle: manifest edited, SHA256SUMS made to match", "bundle", manifest_and_sums),
        Tamper(
            "bundle: original changed, manifest and SHA256SUMS made to match",
            "bundle",
            original_all_consistent,
        ),
        Tamper(
            "bundle: a custody entry removed (SHA256SUMS made to match)", "bundle", custody_removed
        ),
        Tamper(
            "bundle: a custody entry edited (SHA256SUMS made to match)", "bundle", custody_edited
        ),
        Tamper("bundle: one byte of the ZIP's compressed data", "bundle", zip_bytes),
        Tamper("bundle: the ZIP cut in half", "bundle", truncated),
    ]
    return out


# ----------------------------------------------------------------------- running
def run_one(t: Tamper, facts: dict, work: Path, n: int) -> Outcome:
    from victimkit.dossier.verify import verify_bundle
    from victimkit.store.verify import verify_case

    if t.target == "case":
        target = work / f"t{n:03d}"
        shutil.copytree(facts["case"], target)
        tokens = t.apply(target, facts)
        report = verify_case(target)
    else:
        target = work / f"t{n:03d}.zip"
        shutil.copyfile(facts["bundle"], target)
        tokens = t.apply(target, facts)
        report = verify_bundle(target)
    detected = not report.ok
    named = detected and any(all(tok in p for tok in tokens) for p in report.problems)
    out = Outcome(
        t.name,
        t.target,
        t.expect_detected,
        detected,
        named,
        report.problems[0] if report.problems else "",
        tokens,
    )
    if out.ok:
        if target.is_dir():
            from victimkit.store.library import remove_tree

            remove_tree(target)
        else:
            target.unlink(missing_ok=True)
    else:
        out.first_problem = " | ".join(report.problems[:4])
    return out


def run_trials(work: Path) -> tuple[list[Outcome], dict]:
    from victimkit.dossier.verify import verify_bundle
    from victimkit.store.verify import verify_case

    work.mkdir(parents=True, exist_ok=True)
    facts = build_case(work / "base")
    assert verify_case(facts["case"]).ok, verify_case(facts["case"]).problems
    assert verify_bundle(facts["bundle"]).ok, verify_bundle(facts["bundle"]).problems
    with zipfile.ZipFile(facts["bundle"]) as zf:
        first = zf.read("SHA256SUMS").decode().splitlines()[0].split("  ", 1)[1]
    facts["sums_first"] = first
    trials = case_trials(facts) + bundle_trials(facts)
    return [run_one(t, facts, work, n) for n, t in enumerate(trials)], facts


def table(outcomes: list[Outcome]) -> str:
    rows = [
        "| # | target | change | caught by verify | names what changed | first problem reported |"
    ]
    rows.append("|---|---|---|---|---|---|")
    for n, o in enumerate(outcomes, 1):
        caught = (
            "yes"
            if o.detected
            else ("no (expected: see SECURITY.md)" if not o.expected else "**NO**")
        )
        named = "yes" if o.named else ("—" if not o.expected else "**NO**")
        problem = o.first_problem.replace("|", "/")[:110]
        rows.append(f"| {n} | {o.target} | {o.name} | {caught} | {named} | {problem} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="vk-tamper-"))
    outcomes, _facts = run_trials(work)
    print(table(outcomes))
    expected = [o for o in outcomes if o.expected]
    print(
        f"\n{len(outcomes)} trials: {sum(o.detected for o in expected)}/{len(expected)} tamperings caught, "
        f"{sum(o.named for o in expected)}/{len(expected)} named; "
        f"{sum(not o.expected for o in outcomes)} known limits (not detectable from the case alone)."
    )
    bad = [o for o in outcomes if not o.ok]
    for o in bad:
        print(f"FAILED: {o.name}: expected {o.tokens}; got {o.first_problem}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
