"""verify_bundle: check an evidence bundle (ZIP) as ``verify_case`` checks a case folder.

Nothing is extracted to disk: each member is read as a stream and hashed. Before anything is
read, the ZIP's directory is checked for hostile names (absolute paths, ``..``, backslashes,
drive letters, duplicates) and for decompression bombs (too many members, too large in total,
compression ratios no real evidence has). Then: every member against SHA256SUMS, every manifest
record against the member it names, the manifest's SHA-256 against the one the PDF and the
custody log carry, and the custody log's hash chain. Each problem names the file.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from victimkit.dossier import bundle as b
from victimkit.i18n import _
from victimkit.store import audit as audit_mod
from victimkit.store.verify import VerifyReport

MAX_MEMBERS = 200_000
MAX_TOTAL = 64 * 1024**3  # declared uncompressed bytes
MAX_MEMBER = 16 * 1024**3
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 8 * 1024**2
MAX_TEXT = 256 * 1024**2  # manifest, SHA256SUMS, custody log, case.json are read into memory
CHUNK = 1 << 20
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _name_problem(name: str) -> str | None:
    if not name:
        return _("a member has an empty name")
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return _("{name}: absolute path — refused").format(name=name)
    if "\\" in name:
        return _("{name}: backslash in the name — refused").format(name=name)
    if "\x00" in name:
        return _("{name}: NUL character in the name — refused").format(name=name)
    if any(part == ".." for part in PurePosixPath(name).parts):
        return _("{name}: leads outside the bundle (..) — refused").format(name=name)
    return None


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, keep: bool
) -> tuple[str, int, bytes | None]:
    """SHA-256 and size of a member, read as a stream, never more than its declared size."""
    h = hashlib.sha256()
    n = 0
    kept = bytearray() if keep else None
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            n += len(chunk)
            if n > info.file_size:
                raise zipfile.BadZipFile(f"{info.filename}: more data than declared")
            h.update(chunk)
            if kept is not None:
                kept += chunk
    return h.hexdigest(), n, bytes(kept) if kept is not None else None


def verify_bundle(path: Path | str) -> VerifyReport:
    path = Path(path)
    report = VerifyReport(path)
    P = report.problems
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        P.append(_("{path}: not a readable ZIP file ({reason})").format(path=path.name, reason=exc))
        return report
    with zf:
        infos = zf.infolist()
        # ---- 1. the directory, before anything is decompressed
        if len(infos) > MAX_MEMBERS:
            P.append(
                _("the bundle has {n} members — more than any real case; not read").format(
                    n=len(infos)
                )
            )
            return report
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            P.append(
                _(
                    "the bundle declares {gb:.1f} GB of content — refused as a decompression bomb"
                ).format(gb=total / 1024**3)
            )
            return report
        seen: dict[str, int] = {}
        readable: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            problem = _name_problem(name)
            if problem:
                P.append(problem)
                continue
            seen[name] = seen.get(name, 0) + 1
            if seen[name] == 2:
                P.append(_("{name}: appears more than once in the bundle").format(name=name))
            if name.endswith("/"):
                continue
            if info.flag_bits & 0x1:
                P.append(_("{name}: encrypted — cannot be checked").format(name=name))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                P.append(
                    _(
                        "{name}: declares {size} bytes from {packed} — refused as a decompression bomb"
                    ).format(name=name, size=info.file_size, packed=info.compress_size)
                )
                continue
            if seen[name] == 1:
                readable[name] = info
        for required in b.REQUIRED:
            if required not in readable:
                P.append(_("{name}: missing from the bundle").format(name=required))

        # ---- 2. read and hash every member once
        digests: dict[str, str] = {}
        texts: dict[str, bytes] = {}
        keep = {b.SUMS, b.MANIFEST, b.CUSTODY, b.CASE_JSON, b.PDF}
        for name, info in readable.items():
            want = name in keep and info.file_size <= MAX_TEXT
            try:
                digest, _size, data = _read_member(zf, info, keep=want)
            except (
                zipfile.BadZipFile,
                zlib.error,  # compressed bytes changed: the stream no longer inflates
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
            ) as exc:
                P.append(_("{name}: damaged in the ZIP ({reason})").format(name=name, reason=exc))
                continue
            digests[name] = digest
            report.checked_files += 1
            if data is not None:
                texts[name] = data

    # ---- 3. SHA256SUMS covers every other member
    sums = _parse_sums(texts.get(b.SUMS), report)
    for name, want in sums.items():
        got = digests.get(name)
        if name not in readable:
            P.append(_("{name}: listed in SHA256SUMS but not in the bundle").format(name=name))
        elif got is not None and got != want:
            P.append(
                _("{name}: changed — its SHA-256 is {now}, SHA256SUMS says {then}").format(
                    name=name, now=got, then=want
                )
            )
    if b.SUMS in texts:
        for name in readable:
            if name != b.SUMS and name not in sums:
                P.append(_("{name}: in the bundle but not listed in SHA256SUMS").format(name=name))

    # ---- 4. manifest records, and the manifest's own hash
    manifest_sha = digests.get(b.MANIFEST)
    manifest = _json(texts.get(b.MANIFEST), b.MANIFEST, report)
    if isinstance(manifest, dict):
        files = manifest.get("files")
        if not isinstance(files, list):
            P.append(_("manifest.json: has no list of files"))
            files = []
        for rec in files:
            if not isinstance(rec, dict) or not isinstance(rec.get("path"), str):
                P.append(_("manifest.json: a record without a path"))
                continue
            name = rec["path"]
            if name not in readable:
                P.append(
                    _("{name}: listed in manifest.json but not in the bundle").format(name=name)
                )
                continue
            got = digests.get(name)
            if got is not None and got != rec.get("sha256"):
                P.append(
                    _("{name}: changed — its SHA-256 is {now}, manifest.json says {then}").format(
                        name=name, now=got, then=rec.get("sha256")
                    )
                )
            if rec.get("size_bytes") is not None and readable[name].file_size != rec["size_bytes"]:
                P.append(
                    _("{name}: {now} bytes, manifest.json says {then}").format(
                        name=name, now=readable[name].file_size, then=rec["size_bytes"]
                    )
                )
        listed = {r.get("path") for r in files if isinstance(r, dict)}
        for name in readable:
            if name.startswith(("originals/", "derived/")) and name not in listed:
                P.append(
                    _("{name}: in the bundle but not listed in manifest.json").format(name=name)
                )
    pdf = texts.get(b.PDF)
    if manifest_sha and pdf is not None and manifest_sha.encode() not in pdf:
        P.append(
            _(
                "report/dossier.pdf: does not carry the SHA-256 of this manifest.json ({sha}) — the PDF and the bundle do not belong together"
            ).format(sha=manifest_sha[:16] + "…")
        )

    # ---- 5. the custody log's chain, and the export it records
    log = texts.get(b.CUSTODY)
    if log is not None:
        entries = _check_chain(log, report)
        exported = [e for e in entries if e.get("action") == "dossier_export_started"]
        if (
            manifest_sha
            and exported
            and exported[-1].get("details", {}).get("manifest_sha256") != manifest_sha
        ):
            P.append(
                _(
                    "custody_log.jsonl: the last export it records names another manifest.json ({sha})"
                ).format(sha=str(exported[-1].get("details", {}).get("manifest_sha256"))[:16] + "…")
            )
        elif manifest_sha and not exported:
            P.append(_("custody_log.jsonl: records no export of this bundle"))
    return report


def _parse_sums(data: bytes | None, report: VerifyReport) -> dict[str, str]:
    out: dict[str, str] = {}
    if data is None:
        return out
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        report.problems.append(_("SHA256SUMS: not UTF-8 text"))
        return out
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or not _HEX64.match(digest):
            report.problems.append(_("SHA256SUMS: line {n} is not “<sha256>  <path>”").format(n=n))
            continue
        name = name[1:] if name.startswith("*") else name
        if name in out:
            report.problems.append(_("SHA256SUMS: {name} is listed twice").format(name=name))
        out[name] = digest
    return out


def _json(data: bytes | None, name: str, report: VerifyReport):
    if data is None:
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        report.problems.append(_("{name}: not valid JSON ({reason})").format(name=name, reason=exc))
        return None


def _check_chain(data: bytes, report: VerifyReport) -> list[dict]:
    P = report.problems
    prev = audit_mod.GENESIS
    expected = 1
    entries = []
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        P.append(_("custody_log.jsonl: not UTF-8 text"))
        return entries
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
            seq, at, actor, action = e["seq"], e["at"], e["actor"], e["action"]
            details, prev_hash, digest = e["details"], e["prev_hash"], e["hash"]
        except (ValueError, KeyError, TypeError):
            P.append(_("custody_log.jsonl: line {n} is not a custody entry").format(n=n))
            continue
        report.checked_entries += 1
        if seq != expected:
            P.append(
                _(
                    "custody_log.jsonl: entry {want} is missing or out of order (line {n} holds entry {got})"
                ).format(want=expected, n=n, got=seq)
            )
            expected = seq if isinstance(seq, int) else expected
        if audit_mod.entry_hash(seq, at, actor, action, details, prev_hash) != digest:
            P.append(
                _(
                    "custody_log.jsonl: entry {seq} ({action}, {at}) was changed after it was written"
                ).format(seq=seq, action=action, at=at)
            )
        elif prev_hash != prev:
            P.append(
                _(
                    "custody_log.jsonl: entry {seq} ({action}) does not follow the entry before it"
                ).format(seq=seq, action=action)
            )
        prev = digest
        expected += 1
        entries.append(e)
    if not entries:
        P.append(_("custody_log.jsonl: empty"))
    return entries
