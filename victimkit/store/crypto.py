"""Encryption of a case at rest, for shared desk machines: one passphrase, one locked file.

    lock_case(root, passphrase)                 -> <root>.vkcase, the plaintext folder removed
    unlock_case(locked_file, passphrase, dest)  -> the case folder again, verified

Cryptography comes from the ``cryptography`` library only: the key is derived from the
passphrase with scrypt (salt and cost stored in the file's header), the content is encrypted
with AES-256-GCM. A case can be larger than one AES-GCM call may take, so the packed case (a
tar stream) is cut into chunks, each sealed with its own nonce: a random prefix, the chunk's
number and a flag for the last chunk (the "STREAM" construction that age and Tink use), with the
header as associated data. Reordered, removed, truncated or altered chunks, and an altered
header, all fail authentication. A short sealed check value tells a wrong passphrase from a
damaged file.

File layout::

    b"VKLOCK\\x01\\n"  u32 header length  header (JSON, UTF-8)
    then per chunk:   u32 ciphertext length  ciphertext (plaintext + 16-byte tag)

The plaintext is removed only after the locked file is written, fsynced, read back and every
file in it checked against the case's files by SHA-256. Nothing personal is in the header.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import sqlite3
import stat
import struct
import tarfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from victimkit import __version__
from victimkit.errors import CaseError
from victimkit.i18n import _
from victimkit.store import library
from victimkit.store.blobs import _fsync_dir
from victimkit.store.case import DB_NAME, ORIGINALS

MAGIC = b"VKLOCK\x01\n"
CHUNK = 4 * 1024 * 1024
TAG = 16
SCRYPT_N = 2**17  # 128 MiB and about a second on a desk PC; stored in the header
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8
MAX_HEADER = 64 * 1024
CHECK_PLAINTEXT = b"victimkit passphrase check"
_CHECK_COUNTER = 0xFFFFFFFF


@dataclass
class LockResult:
    locked_file: Path
    files: int
    bytes: int
    seconds: float


@dataclass
class UnlockResult:
    case_dir: Path
    files: int
    bytes: int
    seconds: float
    problems: list[str] = field(default_factory=list)  # from verify_case on the unlocked case


# ------------------------------------------------------------------ key and nonces
def _normalise(passphrase: str) -> bytes:
    """The same passphrase typed on any system gives the same bytes (NFC, UTF-8)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(_normalise(passphrase))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


# ------------------------------------------------------------------ streams
class _EncryptingWriter(io.RawIOBase):
    """A write-only stream that seals what it is given in chunks of ``CHUNK`` bytes."""

    def __init__(self, out, aead: AESGCM, prefix: bytes, aad: bytes):
        self._out = out
        self._aead = aead
        self._prefix = prefix
        self._aad = aad
        self._buf = bytearray()
        self._counter = 0
        self.plain_bytes = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buf += data
        self.plain_bytes += len(data)
        while len(self._buf) > CHUNK:  # keep something back: the last chunk is marked
            self._seal(bytes(self._buf[:CHUNK]), last=False)
            del self._buf[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        if self._counter >= _CHECK_COUNTER:
            raise CaseError(_("the case is too large to lock"))
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def finish(self) -> None:
        self._seal(bytes(self._buf), last=True)
        self._buf.clear()


class _DecryptingReader(io.RawIOBase):
    """A read-only stream of the plaintext; raises CaseError on any damage or truncation."""

    def __init__(self, src, aead: AESGCM, prefix: bytes, aad: bytes, name: str):
        self._src = src
        self._aead = aead
        self._prefix = prefix
        self._aad = aad
        self._name = name
        self._buf = b""
        self._pos = 0
        self._counter = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _damaged(self) -> CaseError:
        return CaseError(
            _("{file} is damaged or incomplete (part {n} does not authenticate)").format(
                file=self._name, n=self._counter + 1
            )
        )

    def _next_chunk(self) -> bool:
        if self._done:
            return False
        head = self._src.read(4)
        if len(head) != 4:
            raise self._damaged()  # ended before the chunk marked last
        (length,) = struct.unpack(">I", head)
        if length < TAG or length > CHUNK + TAG:
            raise self._damaged()
        sealed = self._src.read(length)
        if len(sealed) != length:
            raise self._damaged()
        at_end = self._src.read(1) == b""
        if not at_end:
            self._src.seek(-1, os.SEEK_CUR)
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, at_end), sealed, self._aad
            )
        except InvalidTag:
            raise self._damaged() from None
        self._counter += 1
        self._done = at_end
        self._buf, self._pos = plain, 0
        return True

    def readinto(self, b) -> int:
        while self._pos >= len(self._buf):
            if not self._next_chunk():
                return 0
        n = min(len(b), len(self._buf) - self._pos)
        b[:n] = self._buf[self._pos : self._pos + n]
        self._pos += n
        return n


# ------------------------------------------------------------------ header
def _read_header(f, name: str) -> tuple[dict, bytes]:
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        raise CaseError(_("{file} is not a locked victimkit case").format(file=name))
    raw_len = f.read(4)
    if len(raw_len) != 4:
        raise CaseError(_("{file} is damaged or incomplete (no header)").format(file=name))
    (n,) = struct.unpack(">I", raw_len)
    if n > MAX_HEADER:
        raise CaseError(_("{file} is damaged or incomplete (no header)").format(file=name))
    raw = f.read(n)
    try:
        header = json.loads(raw.decode("utf-8"))
        for key in ("salt", "nonce_prefix", "check"):
            bytes.fromhex(header[key])
        if not all(isinstance(header[k], int) for k in ("n", "r", "p")):
            raise TypeError
        if header["n"] > 2**22 or header["r"] > 32 or header["p"] > 16:
            raise ValueError  # a hostile header must not make us allocate gigabytes
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise CaseError(
            _("{file} is damaged or incomplete (unreadable header)").format(file=name)
        ) from None
    return header, MAGIC + raw_len + raw


def _open_key(header: dict, passphrase: str, name: str) -> tuple[AESGCM, bytes]:
    salt = bytes.fromhex(header["salt"])
    prefix = bytes.fromhex(header["nonce_prefix"])
    if len(prefix) != 7:
        raise CaseError(_("{file} is damaged or incomplete (unreadable header)").format(file=name))
    aead = AESGCM(_derive(passphrase, salt, header["n"], header["r"], header["p"]))
    try:
        plain = aead.decrypt(
            _nonce(prefix, _CHECK_COUNTER, True), bytes.fromhex(header["check"]), _check_aad(header)
        )
    except InvalidTag:
        plain = None
    if plain != CHECK_PLAINTEXT:
        raise CaseError(
            _(
                "wrong passphrase for {file} — nothing was changed. Check the keyboard layout and Caps Lock."
            ).format(file=name)
        )
    return aead, prefix


# ------------------------------------------------------------------ lock
def _case_files(root: Path) -> dict[str, tuple[str, int, int]]:
    """{relative path: (sha256, size, mtime_ns)} of every file of the case (SQLite's -shm left out)."""
    out: dict[str, tuple[str, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            st = os.lstat(p)
            if not stat.S_ISREG(st.st_mode):
                raise CaseError(
                    _("{path}: not a regular file; a case folder holds only files").format(path=p)
                )
            if name.endswith("-shm") or (name.endswith("-wal") and st.st_size == 0):
                continue  # SQLite's shared-memory index, and an empty write-ahead log
            h = hashlib.sha256()
            with open(p, "rb") as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
            out[rel] = (h.hexdigest(), st.st_size, st.st_mtime_ns)
    return out


def _quiesce(root: Path) -> None:
    """Write the WAL back into case.sqlite; refuse when another program is writing the case."""
    try:
        conn = sqlite3.connect(str(root / DB_NAME), timeout=0.5, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        raise CaseError(
            _(
                "{path} is in use (open in the app or another command): close it first ({reason})"
            ).format(path=root, reason=exc)
        ) from exc


def _hash_members(stream, name: str) -> dict[str, str]:
    out = {}
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for m in tar:
                if m.isfile():
                    f = tar.extractfile(m)
                    h = hashlib.sha256()
                    while chunk := f.read(1 << 20):
                        h.update(chunk)
                    out[m.name] = h.hexdigest()
    except tarfile.TarError as exc:
        raise CaseError(
            _("{file} is damaged or incomplete ({reason})").format(file=name, reason=exc)
        ) from exc
    return out


def lock_case(
    root: Path | str,
    passphrase: str,
    *,
    dest: Path | str | None = None,
    scrypt_n: int = SCRYPT_N,
) -> LockResult:
    """Pack the case folder into one encrypted file (default ``<folder>.vkcase`` beside it),
    check the file, then remove the plaintext folder. Returns where the locked file is."""
    started = time.perf_counter()
    root = Path(root)
    if root.is_symlink() or not (root / DB_NAME).is_file():
        raise CaseError(_("{path} is not a victimkit case (no case.sqlite).").format(path=root))
    if len(passphrase) < MIN_PASSPHRASE:
        raise CaseError(
            _("the passphrase is too short: use at least {n} characters").format(n=MIN_PASSPHRASE)
        )
    dest = (
        Path(dest)
        if dest
        else root.absolute().with_name(root.absolute().name + library.LOCKED_SUFFIX)
    )
    if dest.exists():
        raise CaseError(
            _("{path} already exists: move it away or choose another name").format(path=dest)
        )
    case_id = library.case_id_of(root)
    _quiesce(root)
    before = _case_files(root)

    salt = secrets.token_bytes(16)
    prefix = secrets.token_bytes(7)
    aead_key = _derive(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)
    aead = AESGCM(aead_key)
    header = {
        "format": 1,
        "kdf": "scrypt",
        "n": scrypt_n,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "cipher": "AES-256-GCM",
        "chunk": CHUNK,
        "nonce_prefix": prefix.hex(),
        "tool": f"victimkit {__version__}",
    }
    # the check value is sealed with the header (check field empty) as associated data
    header["check"] = aead.encrypt(
        _nonce(prefix, _CHECK_COUNTER, True), CHECK_PLAINTEXT, _check_aad(header)
    ).hex()
    raw = json.dumps(header, sort_keys=True).encode()
    aad = MAGIC + struct.pack(">I", len(raw)) + raw

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with open(tmp, "xb") as out:
            out.write(aad)
            writer = _EncryptingWriter(out, aead, prefix, _body_aad(aad))
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames.sort()
                    rel_dir = Path(dirpath).relative_to(root).as_posix()
                    if rel_dir != ".":
                        tar.add(dirpath, arcname=rel_dir, recursive=False)
                    for name in sorted(filenames):
                        rel = (Path(rel_dir) / name).as_posix() if rel_dir != "." else name
                        if rel in before:
                            tar.add(os.path.join(dirpath, name), arcname=rel, recursive=False)
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

    # read it back from disk, as unlock will, and compare every file
    try:
        with open(dest, "rb") as f:
            hdr, aad2 = _read_header(f, dest.name)
            aead2, prefix2 = _open_key(hdr, passphrase, dest.name)
            stored = _hash_members(
                io.BufferedReader(_DecryptingReader(f, aead2, prefix2, _body_aad(aad2), dest.name)),
                dest.name,
            )
        expected = {rel: v[0] for rel, v in before.items()}
        if stored != expected:
            raise CaseError(
                _(
                    "{file}: the locked copy does not match the case; the case was left as it is"
                ).format(file=dest)
            )
        after = _case_files(root)
        if after != before:
            raise CaseError(
                _("{path} changed while it was being locked; the case was left as it is").format(
                    path=root
                )
            )
    except BaseException:
        dest.unlink(missing_ok=True)
        raise

    library.remove_case_folder(root)
    library.forget_case(root)
    library.remember_case(dest, case_id=case_id)
    return LockResult(
        dest,
        files=len(before),
        bytes=sum(v[1] for v in before.values()),
        seconds=time.perf_counter() - started,
    )


def _check_aad(header: dict) -> bytes:
    """Associated data of the check value: the header with an empty check field."""
    return MAGIC + json.dumps({**header, "check": ""}, sort_keys=True).encode()


def _body_aad(header_bytes: bytes) -> bytes:
    """Every chunk is bound to the whole header as stored (its hash keeps the AAD short)."""
    return hashlib.sha256(header_bytes).digest()


# ------------------------------------------------------------------ unlock
def unlock_case(locked_file: Path | str, passphrase: str, dest: Path | str) -> UnlockResult:
    """Decrypt a locked case into ``dest`` (a new or empty folder) and verify it.

    A wrong passphrase or a damaged file raises CaseError and leaves ``dest`` as it was.
    The locked file is kept: remove it yourself once the case is back.
    """
    from victimkit.store.verify import verify_case

    started = time.perf_counter()
    locked_file = Path(locked_file)
    dest = Path(dest)
    if not locked_file.is_file():
        raise CaseError(_("{file}: file not found").format(file=locked_file))
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise CaseError(
            _("{path} is not empty: choose a new folder for the case.").format(path=dest)
        )
    dest_abs = dest.absolute()
    tmp = dest_abs.with_name(f".{dest_abs.name}.unlocking-{uuid.uuid4().hex[:8]}")
    files = size = 0
    with open(locked_file, "rb") as f:
        header, aad = _read_header(f, locked_file.name)
        aead, prefix = _open_key(header, passphrase, locked_file.name)  # before any write
        try:
            tmp.mkdir(parents=True)
            stream = io.BufferedReader(
                _DecryptingReader(f, aead, prefix, _body_aad(aad), locked_file.name)
            )
            try:
                with tarfile.open(fileobj=stream, mode="r|") as tar:
                    for m in tar:
                        tar.extract(m, tmp, filter="data")
                        if m.isfile():
                            files += 1
                            size += m.size
            except tarfile.TarError as exc:
                raise CaseError(
                    _("{file} is damaged or incomplete ({reason})").format(
                        file=locked_file.name, reason=exc
                    )
                ) from exc
            if not (tmp / DB_NAME).is_file():
                raise CaseError(
                    _("{file} does not hold a victimkit case").format(file=locked_file.name)
                )
            for dirpath, _dirs, names in os.walk(tmp / ORIGINALS):
                for name in names:
                    os.chmod(
                        os.path.join(dirpath, name), stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
                    )
            if dest_abs.exists():
                dest_abs.rmdir()
            os.replace(tmp, dest_abs)
        except BaseException:
            if tmp.exists():
                library.remove_tree(tmp)
            raise
    report = verify_case(dest_abs)
    library.remember_case(dest_abs)
    return UnlockResult(
        dest_abs,
        files=files,
        bytes=size,
        seconds=time.perf_counter() - started,
        problems=list(report.problems),
    )
