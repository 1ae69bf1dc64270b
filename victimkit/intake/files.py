"""File intake: take files and folders as evidence, byte-exact, hashed, never executed.

For each file: read its head to learn its type from the content, copy it into the case's blob
store (hashed while copying, fsynced, renamed into place, read-only), then commit its evidence
row and audit entry in one transaction. A crash at any moment leaves nothing or a whole item.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import stat
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
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
WHOLE_BYTES = 64 << 20  # files up to this size are read into memory once; larger ones streamed
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


@dataclass
class _Prepared:
    """A file copied into the blob store with its facts read; its row is not written yet."""

    path: Path
    stat: os.stat_result
    kind: str
    media_type: str
    ext: str
    export_format: str | None
    blob: blobs.StoredBlob
    facts: images.ImageFacts | None


def _workers() -> int:
    # more threads than cores: while one thread waits on fsync or the main thread commits, others decode
    return max(2, min(8, (os.cpu_count() or 1) + 2))


def import_files(
    store: CaseStore,
    paths: Iterable[Path | str],
    *,
    me: str | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Take every file (folders recursively). Bad files are reported; the rest is kept.

    Copying, hashing and decoding run on a few threads (hashlib, file I/O and Pillow's decoders
    release the GIL); rows are committed on this thread, in the order the files were given, so
    exhibit numbers follow that order.
    """
    report = ImportReport()
    files = expand_paths(paths, report)
    if any(p.suffix.lower() == ".png" for p in files[:1000]):
        images.pngfast.prepare()  # loads the PNG kernel while the first files are copied
    zone = store.info().timezone
    owner = me or store.case_row().get("me_name") or None
    total = len(files)
    if on_progress:
        on_progress(Progress(0, total, ""))
    batch = _Batch(store, on_progress, total)
    with ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="vk-import") as pool:
        window = _workers() * 4  # bounded look-ahead keeps memory flat on huge folders
        pending: deque = deque()
        queue = iter(files)
        for path in itertools.islice(queue, window):
            pending.append(pool.submit(_prepare, store, path, zone))
        done = 0
        try:
            while pending:
                if cancel is not None:
                    cancel.check()
                future = pending.popleft()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.append(pool.submit(_prepare, store, nxt, zone))
                if not future.done():
                    batch.wait_or_commit(future)  # the write lock is held at most MAX_SECONDS
                try:
                    prep = future.result()
                    report.items.append(batch.item(_commit, store, prep, zone=zone, me=owner))
                except EvidenceFileError as exc:
                    report.rejected.append(exc)
                except sqlite3.Error:
                    batch.rollback()
                    raise  # the case itself cannot be written: stop, nothing half-done is kept
                except Exception as exc:  # a reader's bug must not stop the other files
                    report.rejected.append(
                        EvidenceFileError(
                            files[done],
                            _(
                                "could not be taken because of an unexpected error ({error}); the other files are not affected"
                            ).format(error=type(exc).__name__),
                        )
                    )
                done += 1
                batch.done(files[done - 1].name)
        finally:
            for f in pending:
                f.cancel()
            batch.commit()  # what is whole is kept, also when cancelled
    return report


class _Batch:
    """Several files' rows in one transaction, each file's in a savepoint of its own.

    One commit (one fsync of the WAL) for every file made the committing thread the import's
    bottleneck. Grouping commits keeps the guarantee for each file: its original is stored and
    fsynced before its row is written; its rows and audit entry go in whole or not at all (a
    failing file is rolled back to its savepoint); a crash before the commit leaves whole items
    or none — the uncommitted originals are removed by ``CaseStore.recover``, as before.
    Progress is reported only once the files' rows are committed.
    """

    MAX_ITEMS = 64
    MAX_SECONDS = 0.25

    def __init__(self, store: CaseStore, on_progress: ProgressCallback | None, total: int):
        self.conn = store.db.conn
        self.on_progress = on_progress
        self.total = total
        self.count = 0
        self.started = 0.0
        self.progress: list[str] = []
        self.done_count = 0

    def item(self, commit, *args, **kwargs):
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.started = time.monotonic()
        self.conn.execute("SAVEPOINT vk_import_item")
        try:
            result = commit(*args, **kwargs)
        except sqlite3.Error:
            raise
        except BaseException:
            self.conn.execute("ROLLBACK TO vk_import_item")
            self.conn.execute("RELEASE vk_import_item")
            raise
        self.conn.execute("RELEASE vk_import_item")
        self.count += 1
        return result

    def done(self, name: str) -> None:
        self.progress.append(name)
        if not self.conn.in_transaction:
            self._report()
        elif self.count >= self.MAX_ITEMS or time.monotonic() - self.started > self.MAX_SECONDS:
            self.commit()

    def wait_or_commit(self, future) -> None:
        """Wait for the next file while the open batch is young; past MAX_SECONDS, commit first.

        Committing whenever the next file was not ready yet made batches of one or two files on
        a busy machine: a WAL fsync each, competing with the originals' own fsyncs. Waiting is
        bounded by the batch's age, so the case's write lock is still never held for long.
        """
        if self.conn.in_transaction:
            left = self.MAX_SECONDS - (time.monotonic() - self.started)
            if left > 0:
                futures.wait([future], timeout=left)
                if future.done():
                    return
        self.commit()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self.count = 0
        self._report()

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.count = 0
        self.progress.clear()

    def _report(self) -> None:
        while self.progress:  # popped first: a callback that cancels does not see a file twice
            name = self.progress.pop(0)
            self.done_count += 1
            if self.on_progress:
                self.on_progress(Progress(self.done_count, self.total, name))


def import_file(store: CaseStore, path: Path, *, zone: str, me: str | None = None) -> ImportedItem:
    return _commit(store, _prepare(store, Path(path), zone), zone=zone, me=me)


def _prepare(store: CaseStore, path: Path, zone: str) -> _Prepared:
    """Thread-safe part of an import: checks, copy+hash+fsync into the blob store, image facts.

    Touches no database: the connection belongs to the calling thread.
    """
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
    data = None  # the whole file, when it is small: read once, typed, hashed, stored, decoded
    try:
        with open(path, "rb") as f:
            if st.st_size <= WHOLE_BYTES:
                data = f.read(st.st_size + 1)  # a buffer of the file's size; +1 sees growth
                head = data[:HEAD_BYTES]
            else:
                head = f.read(HEAD_BYTES)
    except OSError as exc:
        raise EvidenceFileError(
            path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from exc
    if data is not None and len(data) > st.st_size:
        data = None  # it grew since stat(): copied in pieces instead
    kind, media_type, ext, export_format = classify(path, head)
    try:
        if data:
            blob = blobs.store_bytes(store.originals_dir, data, ext)
        else:
            blob = blobs.store_file(store.originals_dir, path, ext)
    except OSError as exc:
        raise EvidenceFileError(
            path,
            _("could not be copied into the case ({reason})").format(reason=exc.strerror or exc),
        ) from exc
    facts = None
    thumb = store.thumbnail_path(blob.sha256)
    if kind == "image" and (blob.is_new or not thumb.exists()):
        # the bytes just hashed and stored are decoded, not a second read of the stored copy
        facts = images.read_image(blob.path, zone=zone, thumb_to=thumb, data=data or None)
    return _Prepared(path, st, kind, media_type, ext, export_format, blob, facts)


def storable(text: str) -> str:
    """A file name or path as text SQLite and JSON can hold.

    Names that are not valid UTF-8 (possible on Linux, and as lone surrogates on Windows)
    reach Python as surrogates; they become U+FFFD here, and the exact bytes are kept in the
    evidence row's ``meta`` (``name_bytes_hex``).
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _commit(store: CaseStore, prep: _Prepared, *, zone: str, me: str | None) -> ImportedItem:
    path, blob = prep.path, prep.blob
    name, source = storable(path.name), storable(str(path.absolute()))
    now = utc_now()
    mtime = iso(datetime.fromtimestamp(prep.stat.st_mtime, UTC))
    # one indexed lookup; the whole row (with corrections applied) only for a duplicate
    known = store.db.conn.execute("SELECT 1 FROM evidence WHERE sha256 = ?", [blob.sha256])
    existing = store.evidence_by_sha(blob.sha256) if known.fetchone() else None
    if existing is not None:
        kept = store.original_path(existing)
        if blob.is_new and blob.path != kept:
            # the same bytes under another extension: the original is already kept once
            os.chmod(blob.path, 0o600)
            blob.path.unlink(missing_ok=True)
        store.insert(
            "evidence_sources",
            [
                {
                    "evidence_id": existing.id,
                    "source_path": source,
                    "original_name": name,
                    "file_mtime": mtime,
                    "imported_at": iso(now),
                }
            ],
            action="duplicate_source_recorded",
            details={"evidence_id": existing.id, "sha256": blob.sha256},
        )
        return ImportedItem(existing.id, path, blob.sha256, existing.kind, duplicate=True)

    media_type = prep.media_type
    problems: list[str] = []
    width = height = None
    captured_at = None
    captured_src = None
    meta: dict = {}
    if name != path.name:
        meta["name_bytes_hex"] = os.fsencode(path.name).hex()
    if prep.kind == "image":
        facts = prep.facts or images.read_image(
            blob.path, zone=zone, thumb_to=store.thumbnail_path(blob.sha256)
        )
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
        captured_at = datetime.fromtimestamp(prep.stat.st_mtime, UTC)
        captured_src = "file_mtime"

    parsed = None
    if prep.export_format:
        meta["export_format"] = prep.export_format
        try:
            parsed = exports.parse(blob.path, prep.export_format, me=me, timezone=zone)
            problems += list(parsed.problems)
        except EvidenceFileError as exc:
            problems.append(exc.reason)
        except (Exception, RecursionError) as exc:  # the file is kept even when its reader fails
            problems.append(
                _(
                    "kept as it is, but its messages or transactions could not be read (unexpected {error})"
                ).format(error=type(exc).__name__)
            )

    row = {
        "sha256": blob.sha256,
        "kind": prep.kind,
        "original_name": name,
        "source_path": source,
        "size": blob.size,
        "media_type": media_type,
        "ext": prep.ext,
        "imported_at": iso(now),
        "captured_at": iso(captured_at),
        "captured_at_source": captured_src,
        "file_mtime": mtime,
        "width": width,
        "height": height,
        "problems": json.dumps(problems, ensure_ascii=False),
        "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
    }
    # The evidence row and everything parsed from it commit together, or not at all.
    with store.transaction():
        (evidence_id,) = store.insert(
            "evidence",
            [row],
            action="evidence_added",
            details={"sha256": blob.sha256, "name": name},
        )
        if parsed is not None:
            exports.store_parsed(store, evidence_id, parsed)
    return ImportedItem(evidence_id, path, blob.sha256, prep.kind, problems=problems)
