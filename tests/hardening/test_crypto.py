"""Encryption at rest: lock a case into one file, unlock it byte for byte; a wrong passphrase
or a damaged file changes nothing; the plaintext goes only after the locked file is proven."""

from __future__ import annotations

import stat
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from victimkit.cli import main
from victimkit.errors import CaseError
from victimkit.intake.files import import_files
from victimkit.store import crypto, library
from victimkit.store.case import CaseStore
from victimkit.store.verify import verify_case

from .conftest import FAST_SCRYPT

PASS = "correct horse battery staple 马"


def _case(path: Path, shot, n=2) -> str:
    with CaseStore.create(path, victim_name="张三", title="冒充客服") as store:
        import_files(store, [shot([f"第{i}张 转账 ¥1,130.00"], size=(360, 640)) for i in range(n)])
        return store.info().id


def _contents(root: Path) -> dict[str, bytes]:
    """Every file of a case (SQLite's shared-memory index and an empty log are not content)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def _lock(case: Path, **kw):
    return crypto.lock_case(case, PASS, scrypt_n=FAST_SCRYPT, **kw)


def test_lock_then_unlock_gives_the_case_back_byte_for_byte(home, tmp_path, shot):
    case = tmp_path / "case"
    case_id = _case(case, shot)
    with CaseStore.open(case):
        pass
    crypto._quiesce(case)
    before = _contents(case)
    result = _lock(case)
    assert not case.exists()  # the plaintext is gone
    locked = result.locked_file
    assert locked == tmp_path / "case.vkcase" and result.files == len(before)
    data = locked.read_bytes()
    assert data.startswith(crypto.MAGIC)
    for secret in ("张三", "冒充客服", case_id):  # nothing readable inside
        assert secret.encode() not in data
    assert b"IHDR" not in data and b"SQLite format" not in data
    out = tmp_path / "back"
    res = crypto.unlock_case(locked, PASS, out)
    assert res.problems == [] and verify_case(out).ok
    assert _contents(out) == before
    for p in (out / "originals").rglob("*"):
        if p.is_file():
            assert stat.S_IMODE(p.stat().st_mode) & 0o222 == 0  # read-only again
    with CaseStore.open(out) as store:
        assert store.info().id == case_id and len(store.list_evidence()) == 2
    assert library.recent_cases()[0] == out.absolute()


def test_a_wrong_passphrase_changes_nothing(home, tmp_path, shot):
    case = tmp_path / "case"
    _case(case, shot, n=1)
    locked = _lock(case).locked_file
    data = locked.read_bytes()
    out = tmp_path / "out"
    with pytest.raises(CaseError, match="wrong passphrase"):
        crypto.unlock_case(locked, PASS + "x", out)
    with pytest.raises(CaseError, match="wrong passphrase"):
        crypto.unlock_case(locked, "", out)
    assert not out.exists()
    assert locked.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.vkcase", "phone", "vkhome"]


def test_the_same_passphrase_typed_differently_normalised(home, tmp_path, shot):
    case = tmp_path / "case"
    _case(case, shot, n=1)
    locked = crypto.lock_case(case, "café au lait", scrypt_n=FAST_SCRYPT).locked_file
    # "é" as e + combining accent (how some keyboards and systems send it)
    crypto.unlock_case(locked, "cafe\u0301 au lait", tmp_path / "out")


@pytest.mark.parametrize(
    "damage",
    ["ciphertext byte", "header byte", "truncated", "chunk dropped", "appended", "magic"],
)
def test_a_damaged_locked_file_is_refused_and_nothing_is_written(home, tmp_path, shot, damage):
    case = tmp_path / "case"
    _case(case, shot, n=1)
    locked = _lock(case).locked_file
    data = bytearray(locked.read_bytes())
    (hlen,) = struct.unpack(">I", data[len(crypto.MAGIC) : len(crypto.MAGIC) + 4])
    body = len(crypto.MAGIC) + 4 + hlen
    if damage == "ciphertext byte":
        data[body + 100] ^= 1
    elif damage == "header byte":
        i = data.index(b'"tool"', 0, body)
        data[i + 10] ^= 1  # inside the tool's name: still valid JSON
    elif damage == "truncated":
        data = data[: body + (len(data) - body) // 2]
    elif damage == "chunk dropped":
        (first,) = struct.unpack(">I", data[body : body + 4])
        # the case is small: one chunk; drop it and leave only the header
        data = data[:body] if body + 4 + first == len(data) else data[: body + 4 + first]
    elif damage == "appended":
        data += b"\x00" * 40
    elif damage == "magic":
        data[0] ^= 1
    locked.write_bytes(bytes(data))
    out = tmp_path / "out"
    with pytest.raises(CaseError) as err:
        crypto.unlock_case(locked, PASS, out)
    assert "case.vkcase" in err.value.message
    assert not out.exists()
    assert not any(p.name.startswith(".out.unlocking") for p in tmp_path.iterdir())


def test_the_plaintext_stays_when_the_locked_file_cannot_be_written(home, tmp_path, shot):
    case = tmp_path / "case"
    _case(case, shot, n=1)
    before = _contents(case)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the locked file's folder should be")
    with pytest.raises(OSError):
        _lock(case, dest=blocker / "c.vkcase")
    assert _contents(case) == before and verify_case(case).ok


def test_lock_refuses_what_it_should(home, tmp_path, shot):
    case = tmp_path / "case"
    _case(case, shot, n=1)
    with pytest.raises(CaseError, match="too short"):
        crypto.lock_case(case, "short", scrypt_n=FAST_SCRYPT)
    with pytest.raises(CaseError, match="not a victimkit case"):
        crypto.lock_case(tmp_path / "phone", PASS, scrypt_n=FAST_SCRYPT)
    (tmp_path / "case.vkcase").write_bytes(b"something else")
    with pytest.raises(CaseError, match="already exists"):
        _lock(case)
    assert (tmp_path / "case.vkcase").read_bytes() == b"something else"
    # a case open for writing elsewhere (the app, another command) is not locked under it
    with CaseStore.open(case) as store, store.transaction():
        store.audit("held_open", {})
        with pytest.raises(CaseError, match="in use"):
            _lock(case, dest=tmp_path / "other.vkcase")
    assert (case / "case.sqlite").exists() and not (tmp_path / "other.vkcase").exists()


def test_unlock_refuses_a_folder_that_is_not_empty(home, tmp_path, shot):
    case = tmp_path / "case"
    _case(case, shot, n=1)
    locked = _lock(case).locked_file
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(CaseError, match="not empty"):
        crypto.unlock_case(locked, PASS, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    crypto.unlock_case(locked, PASS, empty)
    assert (empty / "case.sqlite").is_file()


def test_a_large_case_spans_several_chunks(home, tmp_path, shot, monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 4096)  # many chunks from a small case
    case = tmp_path / "case"
    _case(case, shot, n=2)
    crypto._quiesce(case)
    before = _contents(case)
    locked = _lock(case).locked_file
    data = bytearray(locked.read_bytes())
    out = tmp_path / "out"
    crypto.unlock_case(locked, PASS, out)
    assert _contents(out) == before
    # swap two sealed chunks: each is bound to its place
    (hlen,) = struct.unpack(">I", data[len(crypto.MAGIC) : len(crypto.MAGIC) + 4])
    pos = len(crypto.MAGIC) + 4 + hlen
    chunks = []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append(bytes(data[pos : pos + 4 + n]))
        pos += 4 + n
    assert len(chunks) > 3
    chunks[1], chunks[2] = chunks[2], chunks[1]
    locked.write_bytes(bytes(data[: len(crypto.MAGIC) + 4 + hlen]) + b"".join(chunks))
    with pytest.raises(CaseError, match="damaged"):
        crypto.unlock_case(locked, PASS, tmp_path / "out2")
    assert not (tmp_path / "out2").exists()


def test_the_real_key_cost(home, tmp_path, shot):
    """The shipped scrypt cost (2**17, 128 MiB) works and is what the header records."""
    case = tmp_path / "case"
    _case(case, shot, n=1)
    locked = crypto.lock_case(case, PASS).locked_file
    with open(locked, "rb") as f:
        header, _raw = crypto._read_header(f, locked.name)
    assert header["n"] == crypto.SCRYPT_N == 2**17 and header["cipher"] == "AES-256-GCM"
    crypto.unlock_case(locked, PASS, tmp_path / "out")


def test_cli_lock_and_unlock(home, tmp_path, shot, monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", FAST_SCRYPT)
    monkeypatch.setattr(crypto.lock_case, "__kwdefaults__", {"dest": None, "scrypt_n": FAST_SCRYPT})
    case = tmp_path / "case"
    _case(case, shot, n=1)
    runner = CliRunner()
    # typed twice, hidden; a mismatch asks again
    r = runner.invoke(main, ["lock", str(case)], input=f"{PASS}\n{PASS}\n")
    assert r.exit_code == 0, r.output
    assert PASS not in r.output  # hidden input is not echoed
    locked = tmp_path / "case.vkcase"
    assert locked.is_file() and not case.exists()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    r = runner.invoke(
        main, ["unlock", str(locked), str(tmp_path / "out"), "--passphrase-file", str(wrong)]
    )
    assert r.exit_code == 2 and "wrong passphrase" in r.output
    assert not (tmp_path / "out").exists()
    right = tmp_path / "pass.txt"
    right.write_text(PASS + "\r\n", encoding="utf-8")
    r = runner.invoke(
        main, ["unlock", str(locked), str(tmp_path / "out"), "--passphrase-file", str(right)]
    )
    assert r.exit_code == 0, r.output
    assert verify_case(tmp_path / "out").ok
