"""Content-addressed originals: originals/<sha256[:2]>/<sha256>.<ext>, byte-exact, read-only.

A file is copied to a temporary name inside the case, hashed while it is copied, fsynced, then
renamed into place (rename is atomic) and made read-only; the folder is fsynced too. Only after
that does the caller commit the database row that names it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
TMP_DIR = ".incoming"
# temporary names: unique in this process (a counter), across processes (a random token)
_TMP_TOKEN = uuid.uuid4().hex[:16]
_tmp_counter = itertools.count()


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    path: Path
    size: int
    is_new: bool


def blob_path(root: Path, sha256: str, ext: str) -> Path:
    ext = ext.lower().lstrip(".")
    name = f"{sha256}.{ext}" if ext else sha256
    return root / sha256[:2] / name


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_file(root: Path, source: Path, ext: str, *, fsync: bool = True) -> StoredBlob:
    """Copy ``source`` into the blob store under ``root``; return its hash and final path."""
    tmp_dir = root / TMP_DIR
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(os.fspath(tmp_dir))
    h = hashlib.sha256()
    size = 0
    try:
        with open(source, "rb") as src, open(tmp, "xb") as dst:
            while chunk := src.read(CHUNK):
                h.update(chunk)
                dst.write(chunk)
                size += len(chunk)
            dst.flush()
            if fsync:
                os.fsync(dst.fileno())
        digest = h.hexdigest()
        final = blob_path(root, digest, ext)
        if final.exists():
            os.unlink(tmp)
            return StoredBlob(digest, final, size, is_new=False)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        _place(tmp, final, fsync)
        return StoredBlob(digest, final, size, is_new=True)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _tmp_name(tmp_dir: str) -> str:
    return os.path.join(tmp_dir, f"{_TMP_TOKEN}-{next(_tmp_counter)}.part")


def _place(tmp: str, final: Path, fsync: bool) -> None:
    """Rename a complete, fsynced temporary copy to its final name (atomic), then make the
    rename durable (the folder fsynced) — only then may a row name the original."""
    try:
        os.replace(tmp, final)
    except FileNotFoundError:  # the first original in its folder
        os.makedirs(final.parent, exist_ok=True)
        os.replace(tmp, final)
    if fsync:
        _fsync_dir(final.parent)


def store_bytes(root: Path, data: bytes, ext: str, *, fsync: bool = True) -> StoredBlob:
    """``store_file`` for a file already read whole: ``data`` is hashed and written as it is.

    The same guarantees: written under a temporary name, fsynced, renamed into place (atomic),
    read-only, folder fsynced. The bytes hashed are the bytes written. Plain os calls on str
    paths: an import runs this for every file, on threads that share the interpreter lock.
    """
    digest = hashlib.sha256(data).hexdigest()  # releases the GIL for buffers this size
    final = blob_path(root, digest, ext)
    final_s = os.fspath(final)
    if os.path.exists(final_s):
        return StoredBlob(digest, final, len(data), is_new=False)
    tmp_dir = os.path.join(root, TMP_DIR)
    tmp = _tmp_name(tmp_dir)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    mode = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH  # read-only from birth; this fd writes
    try:
        fd = os.open(tmp, flags, mode)
    except FileNotFoundError:  # the first file of a case
        os.makedirs(tmp_dir, exist_ok=True)
        fd = os.open(tmp, flags, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        _place(tmp, final, fsync)
        return StoredBlob(digest, final, len(data), is_new=True)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def iter_blobs(root: Path):
    """Every stored original (not temporary files)."""
    if not root.is_dir():
        return
    for sub in sorted(root.iterdir()):
        if sub.name == TMP_DIR or not sub.is_dir():
            continue
        with os.scandir(sub) as entries:  # the entries' types come with the listing: no stat each
            files = sorted(e.name for e in entries if e.is_file())
        yield from (sub / name for name in files)


def clear_incoming(root: Path) -> list[Path]:
    """Remove temporary copies left by an interrupted import. Returns what was removed."""
    removed = []
    tmp_dir = root / TMP_DIR
    if tmp_dir.is_dir():
        for p in tmp_dir.iterdir():
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed
