"""The case library: the cases in a folder, the recent-cases list, and erasing a case.

    list_cases(folder)            every case folder (and locked case file) in ``folder``
    remember_case(path)           put a case at the top of the recent-cases list
    recent_cases()                that list, newest first, without entries that no longer exist
    erase_case(root, confirm_id=) remove every file of a case and every trace of it we keep
    record_handover(store, ...)   the case was handed over as a bundle (an audit entry)
    handed_over(root)             whether the last hand-over of a case succeeded

The recent-cases list is ``recent_cases.json`` in ``victimkit.paths.config_home()``. Erasing
removes the case folder (originals are read-only: they are made writable first), its thumbnails
and other derived files (they live inside the folder), its entries in the recent-cases list and
in the app's window settings, and the clipboard/screen captures in the temporary folder that
were taken into this case. Erasing does not overwrite the disk: see SECURITY.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from victimkit.errors import CaseError
from victimkit.i18n import _
from victimkit.paths import cases_home, config_home
from victimkit.store import blobs
from victimkit.store.case import DB_NAME

RECENT_FILE = "recent_cases.json"
RECENT_LIMIT = 20
LOCKED_SUFFIX = ".vkcase"
GUI_SETTINGS = "gui.ini"  # written by the GUI (QSettings, INI format)
CAPTURES_DIR = "victimkit-captures"  # clipboard and screen captures (GUI), in the temp folder
ERASING_PREFIX = ".erasing-"


@dataclass(frozen=True)
class CaseListing:
    """One case as the library shows it. ``problem`` says why a damaged case could not be read."""

    path: Path
    id: str = ""
    title: str = ""
    victim_name: str = ""
    created_at: str = ""
    evidence_count: int = 0
    locked: bool = False
    problem: str = ""


# ----------------------------------------------------------------------- listing
def _read_listing(folder: Path) -> CaseListing:
    db = folder / DB_NAME
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT id, title, victim_name, created_at FROM case_info LIMIT 1"
            ).fetchone()
            count = conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return CaseListing(
            folder,
            id=folder.name,
            problem=_("the case database cannot be read: {reason}").format(reason=exc),
        )
    if row is None:
        return CaseListing(folder, id=folder.name, problem=_("the case has no details"))
    return CaseListing(
        folder,
        id=row[0] or "",
        title=row[1] or "",
        victim_name=row[2] or "",
        created_at=row[3] or "",
        evidence_count=count,
    )


def list_cases(folder: Path | str | None = None) -> list[CaseListing]:
    """Every case in ``folder`` (default: the case library), newest first; read-only.

    Case folders hold a case.sqlite; locked cases are ``*.vkcase`` files (their details are
    encrypted, so only the file name is shown). A damaged case is listed with its problem.
    """
    folder = Path(folder) if folder is not None else cases_home()
    out: list[CaseListing] = []
    if not folder.is_dir():
        return out
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue  # temporary files, and cases half-way through being erased
        if child.is_dir() and not child.is_symlink() and (child / DB_NAME).is_file():
            out.append(_read_listing(child))
        elif child.is_file() and child.name.endswith(LOCKED_SUFFIX):
            out.append(CaseListing(child, id=child.name[: -len(LOCKED_SUFFIX)], locked=True))
    out.sort(key=lambda c: (c.created_at, c.path.name), reverse=True)
    return out


# ----------------------------------------------------------------- recent cases
def _recent_path() -> Path:
    return config_home() / RECENT_FILE


def _load_recent() -> list[dict]:
    try:
        data = json.loads(_recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [e for e in data if isinstance(e, dict) and isinstance(e.get("path"), str)]


def _save_recent(entries: list[dict]) -> None:
    path = _recent_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    tmp.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def case_id_of(root: Path) -> str:
    """The ID of the case in ``root``, or "" when it cannot be read."""
    listing = _read_listing(root) if (root / DB_NAME).is_file() else None
    return listing.id if listing and not listing.problem else ""


def remember_case(root: Path | str, *, case_id: str | None = None) -> None:
    """Put a case folder (or a locked case file) at the top of the recent-cases list.

    Only the path and the case ID are kept: no names, no titles.
    """
    root = Path(root).absolute()
    entry = {"path": str(root), "id": case_id if case_id is not None else case_id_of(root)}
    old = _load_recent()
    if not entry["id"]:  # a locked file does not show its ID: keep the one already known
        entry["id"] = next((e.get("id", "") for e in old if e.get("path") == entry["path"]), "")
    entries = [e for e in old if e.get("path") != entry["path"]]
    _save_recent([entry, *entries][:RECENT_LIMIT])


def forget_case(root: Path | str | None = None, *, case_id: str = "") -> int:
    """Drop a case from the recent-cases list, by path or by ID. Returns how many entries went."""
    path = str(Path(root).absolute()) if root is not None else None
    entries = _load_recent()
    keep = [
        e
        for e in entries
        if not ((path and e.get("path") == path) or (case_id and e.get("id") == case_id))
    ]
    if len(keep) != len(entries):
        _save_recent(keep)
    return len(entries) - len(keep)


def recent_cases() -> list[Path]:
    """The recent-cases list, newest first, leaving out what no longer exists."""
    return [Path(e["path"]) for e in _load_recent() if Path(e["path"]).exists()]


# -------------------------------------------------------------------- hand-over
HANDED_OVER = "case_handed_over"
HANDOVER_FAILED = "case_handover_failed"


def record_handover(
    store, bundle_path: Path | str, receiver: str = "", *, note: str = "", failed: str = ""
) -> dict:
    """Record in the case's audit chain that it is handed over as ``bundle_path`` to ``receiver``.

    Call it before the bundle is written, so that the bundle's custody log carries the
    hand-over; if writing fails, call it again with ``failed`` (the reason): the case then
    counts as not handed over, and ``erase_case`` callers should refuse. Returns the entry.
    """
    details = {"bundle": Path(bundle_path).name, "receiver": receiver, "note": note}
    if failed:
        details["reason"] = failed
    with store.transaction():
        return store.audit(HANDOVER_FAILED if failed else HANDED_OVER, details)


def handed_over(root: Path | str) -> bool:
    """True when the last hand-over recorded in the case at ``root`` succeeded (read-only)."""
    try:
        conn = sqlite3.connect(f"file:{Path(root) / DB_NAME}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT action FROM audit WHERE action IN (?, ?) ORDER BY seq DESC LIMIT 1",
                [HANDED_OVER, HANDOVER_FAILED],
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == HANDED_OVER


# ------------------------------------------------------------------------ erase
@dataclass
class EraseReport:
    case_id: str
    path: Path
    files_removed: int = 0
    bytes_removed: int = 0
    traces_removed: list[str] = field(default_factory=list)


def _make_writable(root: Path) -> None:
    """Originals are read-only (and on Windows a read-only file cannot be deleted)."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, stat.S_IRWXU)
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)


def remove_tree(root: Path) -> tuple[int, int]:
    """Remove a folder and everything in it, read-only files too. Returns (files, bytes)."""
    files = size = 0
    for dirpath, _dirs, filenames in os.walk(root):
        for name in filenames:
            files += 1
            with contextlib.suppress(OSError):
                size += os.lstat(os.path.join(dirpath, name)).st_size
    _make_writable(root)

    def retry(func, path, _exc):
        os.chmod(path, stat.S_IRWXU)
        func(path)

    if sys.version_info >= (3, 12):
        shutil.rmtree(root, onexc=retry)
    else:  # pragma: no cover - Python 3.11
        shutil.rmtree(root, onerror=retry)
    return files, size


def remove_case_folder(root: Path) -> tuple[int, int]:
    """Rename the folder out of the library in one atomic step, then remove it.

    An interrupted removal leaves a ``.erasing-*`` folder that no listing shows and that
    ``finish_interrupted_erasures`` removes; never a half-case that looks whole.
    """
    root = Path(root).absolute()
    doomed = root.with_name(f"{ERASING_PREFIX}{uuid.uuid4().hex[:8]}")
    os.replace(root, doomed)
    return remove_tree(doomed)


def _scrub_gui_settings(case_id: str, paths: set[str]) -> int:
    """Drop lines of the GUI's settings file that name this case (its ID or its folder)."""
    ini = config_home() / GUI_SETTINGS
    try:
        lines = ini.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return 0
    needles = {case_id, *paths} - {""}
    # QSettings writes paths with forward slashes and may escape backslashes
    needles |= {p.replace("\\", "/") for p in needles} | {p.replace("\\", "\\\\") for p in needles}
    keep = [ln for ln in lines if not any(n in ln for n in needles)]
    if len(keep) != len(lines):
        tmp = ini.with_name(f".{ini.name}.{uuid.uuid4().hex[:8]}.part")
        tmp.write_text("".join(keep), encoding="utf-8")
        os.replace(tmp, ini)
    return len(lines) - len(keep)


def _remove_captures(hashes: set[str]) -> int:
    """Clipboard and screen captures left in the temporary folder that this case took in."""
    folder = Path(tempfile.gettempdir()) / CAPTURES_DIR
    removed = 0
    if not hashes or not folder.is_dir():
        return 0
    for p in folder.iterdir():
        try:
            if p.is_file() and not p.is_symlink() and blobs.sha256_file(p) in hashes:
                os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
                p.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def erase_case(root: Path | str, *, confirm_id: str, include_locked: bool = True) -> EraseReport:
    """Remove every file of the case in ``root`` and every trace of it that victimkit keeps.

    ``confirm_id`` must be the case's ID (e.g. VK-20241014-3F2A1B), so that a slip of the mouse
    or a wrong folder name erases nothing. The folder is first renamed (atomically) out of the
    library, so an interrupted erase never leaves a half-case that looks whole. With
    ``include_locked``, locked copies of the same case that the recent-cases list knows
    (``victimkit lock``) are removed too.
    """
    root = Path(root)
    if root.is_symlink():
        raise CaseError(
            _("{path} is a symbolic link: give the case folder itself.").format(path=root)
        )
    if not (root / DB_NAME).is_file():
        raise CaseError(_("{path} is not a victimkit case (no case.sqlite).").format(path=root))
    listing = _read_listing(root)
    if listing.problem or not listing.id:
        raise CaseError(
            _("{path}: the case ID cannot be read, so it cannot be confirmed ({reason})").format(
                path=root, reason=listing.problem
            )
        )
    if confirm_id.strip() != listing.id:
        raise CaseError(
            _(
                "{path} holds case {id}, not {given}: nothing was erased. Type the case ID exactly as shown."
            ).format(path=root, id=listing.id, given=confirm_id)
        )
    hashes: set[str] = set()
    try:
        conn = sqlite3.connect(f"file:{root / DB_NAME}?mode=ro", uri=True)
        try:
            hashes = {r[0] for r in conn.execute("SELECT sha256 FROM evidence")}
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    abs_root = root.absolute()
    paths = {str(abs_root), str(root.resolve())}
    report = EraseReport(listing.id, abs_root)

    # 1. out of the library in one step, then removed
    report.files_removed, report.bytes_removed = remove_case_folder(abs_root)
    report.traces_removed.append(
        _("case folder: {n} file(s), {size} bytes").format(
            n=report.files_removed, size=report.bytes_removed
        )
    )
    # 2. every trace outside the folder
    if include_locked:
        for e in _load_recent():
            p = Path(e["path"])
            if e.get("id") == listing.id and p.name.endswith(LOCKED_SUFFIX) and p.is_file():
                os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
                report.bytes_removed += p.stat().st_size
                p.unlink()
                report.files_removed += 1
                report.traces_removed.append(_("locked copy: {path}").format(path=p))
    n = forget_case(abs_root) + forget_case(case_id=listing.id)
    for p in paths - {str(abs_root)}:
        n += forget_case(Path(p))
    if n:
        report.traces_removed.append(_("recent-cases list: {n} entry(ies)").format(n=n))
    n = _scrub_gui_settings(listing.id, paths)
    if n:
        report.traces_removed.append(_("window settings: {n} line(s)").format(n=n))
    n = _remove_captures(hashes)
    if n:
        report.traces_removed.append(_("screen and clipboard captures: {n} file(s)").format(n=n))
    return report


def finish_interrupted_erasures(folder: Path | str | None = None) -> int:
    """Remove what an interrupted erase left (``.erasing-*`` folders). Returns how many."""
    folder = Path(folder) if folder is not None else cases_home()
    n = 0
    if folder.is_dir():
        for child in folder.iterdir():
            if child.name.startswith(ERASING_PREFIX) and child.is_dir() and not child.is_symlink():
                remove_tree(child)
                n += 1
    return n
