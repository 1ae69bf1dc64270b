"""File intake: take files and folders as evidence, byte-exact, hashed, never executed.

For each file: read its head to learn its type from the content, copy it into the case's blob
store (hashed while copying, fsynced, renamed into place, read-only), then commit its evidence
row and audit entry in one transaction. A crash at any moment leaves nothing or a whole item.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import filetype

from victimkit.core.progress import CancelToken, Progress, ProgressCallback
from victimkit.errors import EvidenceFileError
from victimkit.i18n import _
from victimkit.intake import exports, images
from victimkit.store import blobs
from victimkit.store.audit import iso, utc_now
from victimkit.store.case import CaseStore

HEAD_BYTES = 64 * 1024
SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
SKIPPED_DIRS = {"__MACOSX", ".git", ".Trashes", ".Spotlight-V100"}

AUDIO_PREFIXES = ("audio/",)
VIDEO_PREFIXES = ("video/",)


@dataclass
class ImportedItem:
    evidence_id: int
    path: Path
    sha256: str
    kind: str
    duplicate: bool = False  # already in the case: the extra source was recorded
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    items: list[ImportedItem] = field(default_factory=list)
    rejected: list[EvidenceFileError] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def new_ids(self) -> list[int]:
        return [i.evidence_id for i in self.items if not i.duplicate]

    @property
    def ok(self) -> bool:
        return not self.rejected


def expand_paths(paths: Iterable[Path | str], report: ImportReport) -> list[Path]:
    """Files given directly, and the files inside given folders (recursively, sorted)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_symlink() and p.is_dir():
            report.skipped.append((p, _("symbolic link to a folder — not followed")))
            continue
        if p.is_dir():
            out.extend(_walk(p, report))
        else:
            out.append(p)
    return out


def _walk(folder: Path, report: ImportReport) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        report.rejected.append(
            EvidenceFileError(
                folder, _("folder cannot be read ({reason})").format(reason=exc.strerror or exc)
            )
        )
        return
    for entry in entries:
        p = Path(entry.path)
        if entry.is_symlink():
            report.skipped.append(
                (p, _("symbolic link — not followed; add the file it points to instead"))
            )
            continue
        if entry.is_dir():
            if entry.name in SKIPPED_DIRS:
                continue
            yield from _walk(p, report)
        elif entry.name in SKIPPED_NAMES or entry.name.startswith("._"):
            continue
        else:
            yield p


def classify(path: Path, head: bytes) -> tuple[str, str, str, str | None]:
    """(kind, media type, extension, export format) from the content, not the name."""
    img = images.sniff_image(head)
    if img:
        return "image", img[0], img[1], None
    fmt = exports.sniff(path, head)
    if fmt:
        ext = path.suffix.lower().lstrip(".") or "txt"
        return exports.kind_of(fmt), _media_type_for_ext(ext, head), ext, fmt
    guess = filetype.guess(head)
    if guess is not None:
        mime = guess.mime
        if mime.startswith(AUDIO_PREFIXES) or mime.startswith(VIDEO_PREFIXES):
            return "recording", mime, guess.extension, None
        if (
            mime in ("application/pdf", "application/rtf", "application/epub+zip")
            or "officedocument" in mime
            or mime.startswith("application/vnd.ms-")
            or mime.startswith("application/vnd.oasis")
        ):
            return "document", mime, guess.extension, None
        # an .apk, an archive, an executable: kept and hashed, never opened or run
        ext = path.suffix.lower().lstrip(".")[:10] or guess.extension
        return "other", mime, ext, None
    if _looks_like_text(head):
        ext = path.suffix.lower().lstrip(".")[:10] or "txt"
        return "document", _media_type_for_ext(ext, head), ext, None
    ext = path.suffix.lower().lstrip(".")[:10]
    return "other", "application/octet-stream", ext, None


def _media_type_for_ext(ext: str, head: bytes) -> str:
    return {
        "csv": "text/csv",
        "json": "application/json",
        "html": "text/html",
        "htm": "text/html",
        "eml": "message/rfc822",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls": "application/vnd.ms-excel",
    }.get(ext, "text/plain")


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # cut in the middle of a character
                return True
    return False


def import_files(
    store: CaseStore,
    paths: Iterable[Path | str],
    *,
    me: str | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Take every file (folders recursively). Bad files are reported; the rest is kept."""
    report = ImportReport()
    files = expand_paths(paths, report)
    zone = store.info().timezone
    total = len(files)
    for n, path in enumerate(files):
        if cancel is not None:
            cancel.check()
        if on_progress:
            on_progress(Progress(n, total, path.name))
        try:
            report.items.append(import_file(store, path, zone=zone, me=me))
        except EvidenceFileError as exc:
            report.rejected.append(exc)
    if on_progress:
        on_progress(Progress(total, total, ""))
    return report


def import_file(store: CaseStore, path: Path, *, zone: str, me: str | None = None) -> ImportedItem:
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise EvidenceFileError(path, _("file not found")) from None
    except OSError as exc:
        raise EvidenceFileError(
            path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from exc
    if not stat.S_ISREG(st.st_mode):
        raise EvidenceFileError(path, _("not a regular file"))
    if st.st_size == 0:
        raise EvidenceFileError(path, _("the file is empty (0 bytes) — nothing to keep"))
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as exc:
        raise EvidenceFileError(
            path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from exc

    kind, media_type, ext, export_format = classify(path, head)
    try:
        blob = blobs.store_file(store.originals_dir, path, ext)
    except OSError as exc:
        raise EvidenceFileError(
            path,
            _("could not be copied into the case ({reason})").format(reason=exc.strerror or exc),
        ) from exc

    now = utc_now()
    mtime = iso(datetime.fromtimestamp(st.st_mtime, UTC))
    existing = store.evidence_by_sha(blob.sha256)
    if existing is not None:
        store.insert(
            "evidence_sources",
            [
                {
                    "evidence_id": existing.id,
                    "source_path": str(path.absolute()),
                    "original_name": path.name,
                    "file_mtime": mtime,
                    "imported_at": iso(now),
                }
            ],
            action="duplicate_source_recorded",
            details={"evidence_id": existing.id, "sha256": blob.sha256},
        )
        return ImportedItem(existing.id, path, blob.sha256, existing.kind, duplicate=True)

    problems: list[str] = []
    width = height = None
    captured_at = None
    captured_src = None
    meta: dict = {}
    if kind == "image":
        facts = images.read_image(blob.path, zone=zone, thumb_to=store.thumbnail_path(blob.sha256))
        media_type = facts.media_type
        width, height = facts.width, facts.height
        problems += facts.problems
        meta.update(facts.meta)
        if facts.frames > 1:
            meta["frames"] = facts.frames
        captured_at, captured_src = facts.captured_at, facts.captured_at_source
    if captured_at is None:
        captured_at = images.time_from_filename(path.name, zone)
        captured_src = "filename" if captured_at else None
    if captured_at is None:
        captured_at = datetime.fromtimestamp(st.st_mtime, UTC)
        captured_src = "file_mtime"
    if export_format:
        meta["export_format"] = export_format

    row = {
        "sha256": blob.sha256,
        "kind": kind,
        "original_name": path.name,
        "source_path": str(path.absolute()),
        "size": blob.size,
        "media_type": media_type,
        "ext": ext,
        "imported_at": iso(now),
        "captured_at": iso(captured_at),
        "captured_at_source": captured_src,
        "file_mtime": mtime,
        "width": width,
        "height": height,
        "problems": json.dumps(problems, ensure_ascii=False),
        "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
    }
    parsed = None
    if export_format:
        try:
            owner = me or store.case_row().get("me_name") or None
            parsed = exports.parse(blob.path, export_format, me=owner, timezone=zone)
            problems += list(parsed.problems)
        except EvidenceFileError as exc:
            problems.append(exc.reason)
        row["problems"] = json.dumps(problems, ensure_ascii=False)

    # The evidence row and everything parsed from it commit together, or not at all.
    with store.transaction():
        (evidence_id,) = store.insert(
            "evidence",
            [row],
            action="evidence_added",
            details={"sha256": blob.sha256, "name": path.name},
        )
        if parsed is not None:
            exports.store_parsed(store, evidence_id, parsed)
    return ImportedItem(evidence_id, path, blob.sha256, kind, problems=problems)
