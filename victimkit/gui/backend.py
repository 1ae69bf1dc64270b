"""The GUI's one door into the core: the same functions the CLI calls, nothing else.

Pages call these functions; they never write SQL and never touch an OCR engine. Capabilities
that land later (OCR, analysis, guide, dossier) are looked up when first used, so the app works,
with less in it, while they are missing. Functions whose names end in ``_job`` run on a worker
thread: they open their own ``CaseStore`` there (one SQLite connection per thread).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from victimkit.core.progress import CancelToken, Progress, ProgressCallback
from victimkit.errors import VictimkitError
from victimkit.i18n import _, current_language
from victimkit.paths import cases_home
from victimkit.store.case import CaseStore


def _optional(module: str, name: str):
    """``module.name`` when that capability has landed, else None."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, name, None)


def lang() -> str:
    return current_language() if current_language() in ("zh", "en") else "en"


def pick(value, language: str | None = None) -> str:
    """A {zh, en} mapping from the knowledge data, in the language in force."""
    if isinstance(value, dict):
        return str(value.get(language or lang()) or value.get("en") or value.get("zh") or "")
    return "" if value is None else str(value)


# ------------------------------------------------------------------- case library
@dataclass
class CaseEntry:
    path: Path
    id: str = ""
    title: str = ""
    victim_name: str = ""
    created_at: str = ""
    evidence_count: int = 0
    handed_over: bool = False
    locked: bool = False
    problem: str = ""


def list_cases(root: Path | None = None) -> list[CaseEntry]:
    """Every case of the library (``store.library``), newest first; damaged and locked ones too."""
    from victimkit.store import library

    out = []
    for c in library.list_cases(root or cases_home()):
        out.append(
            CaseEntry(
                c.path,
                id=c.id,
                title=c.title,
                victim_name=c.victim_name,
                created_at=c.created_at,
                evidence_count=c.evidence_count,
                handed_over=(not c.locked and not c.problem and library.handed_over(c.path)),
                locked=c.locked,
                problem=c.problem,
            )
        )
    return out


def new_case_folder(root: Path | None = None) -> Path:
    root = root or cases_home()
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = root / f"case-{stamp}"
    n = 1
    while path.exists() or path.with_name(path.name + ".vkcase").exists():
        n += 1
        path = root / f"case-{stamp}-{n}"
    return path


def create_case(
    folder: Path, *, title: str, victim_name: str, contact: str, lang_: str, country: str
) -> Path:
    from victimkit.store import library

    with CaseStore.create(
        folder,
        title=title,
        victim_name=victim_name,
        victim_contact=contact,
        lang=lang_,
        country=country,
    ):
        pass
    library.remember_case(folder)
    return folder


def remember_case(case_dir: Path) -> None:
    from victimkit.store import library

    with contextlib.suppress(OSError):  # the recent-cases list is a convenience
        library.remember_case(case_dir)


def bundle_job(
    case_dir: Path,
    bundle_path: Path,
    receiver: str = "",
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the hand-over bundle (the dossier's export) and record the hand-over.

    The hand-over is recorded first (``store.library.record_handover``), so that the bundle's
    custody log carries it; a failure is recorded too, and the case then counts as not handed over.
    """
    from victimkit.store import library

    export_case = _optional("victimkit.dossier.export", "export_case")
    if export_case is None:
        raise VictimkitError(
            _("Handing over needs the dossier export, which is not installed in this version.")
        )
    pdf = bundle_path.with_suffix(".pdf")
    with CaseStore.open(case_dir) as store:
        library.record_handover(store, bundle_path, receiver)
        try:
            export_case(
                store,
                pdf,
                bundle_path=bundle_path,
                lang=store.case_row().get("lang") or "zh",
                on_progress=on_progress,
                cancel=cancel,
            )
        except BaseException as exc:
            library.record_handover(store, bundle_path, receiver, failed=str(exc) or repr(exc))
            raise
    return bundle_path


def was_handed_over(case_dir: Path) -> bool:
    from victimkit.store import library

    return library.handed_over(case_dir)


def erase_case(case_dir: Path, confirm_id: str):
    """Erase a handed-over case: every file and every trace (``store.library.erase_case``)."""
    from victimkit.store import library

    if not library.handed_over(case_dir):
        raise VictimkitError(_("A case can be erased only after it was handed over."))
    return library.erase_case(case_dir, confirm_id=confirm_id)


# ------------------------------------------------------------------- passcode (locked cases)
def lock_job(
    case_dir: Path,
    passcode: str,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Replace the case folder by one encrypted file (``store.crypto.lock_case``)."""
    from victimkit.store import crypto, library

    if on_progress:
        on_progress(Progress(0, 1, ""))
    result = crypto.lock_case(case_dir, passcode)
    library.remember_case(result.locked_file)
    if on_progress:
        on_progress(Progress(1, 1, ""))
    return result.locked_file


def unlock_job(
    locked_file: Path,
    passcode: str,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Decrypt a locked case back into its folder; the locked file goes once the case is back.

    A wrong passcode raises CaseError and changes nothing.
    """
    from victimkit.store import crypto, library
    from victimkit.store.library import LOCKED_SUFFIX

    locked_file = Path(locked_file)
    dest = locked_file.with_name(locked_file.name[: -len(LOCKED_SUFFIX)])
    if on_progress:
        on_progress(Progress(0, 1, ""))
    result = crypto.unlock_case(locked_file, passcode, dest)
    if result.problems:
        raise VictimkitError(
            _("The case was unlocked but did not verify: {problems}").format(
                problems="; ".join(result.problems[:5])
            )
        )
    locked_file.unlink()
    library.forget_case(locked_file)
    if on_progress:
        on_progress(Progress(1, 1, ""))
    return result.case_dir


def min_passcode() -> int:
    from victimkit.store.crypto import MIN_PASSPHRASE

    return MIN_PASSPHRASE


# ------------------------------------------------------------------- evidence
@dataclass
class ImportedItem:
    evidence_id: int
    path: Path
    sha256: str
    kind: str
    duplicate: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    """The intake's ImportReport in plain classes, so that the GUI process, which receives it
    from the job host's child, need not import the intake (and Pillow) to read it."""

    items: list[ImportedItem] = field(default_factory=list)
    rejected: list[VictimkitError] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def new_ids(self) -> list[int]:
        return [i.evidence_id for i in self.items if not i.duplicate]

    @property
    def ok(self) -> bool:
        return not self.rejected


def import_job(
    case_dir: Path,
    paths: list[Path],
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    """Take files and folders into the case (byte-exact). Returns what the intake reported."""
    from victimkit.intake.files import import_files

    with CaseStore.open(case_dir) as store:
        report = import_files(store, paths, on_progress=on_progress, cancel=cancel)
    return ImportSummary(
        [
            ImportedItem(
                i.evidence_id, Path(i.path), i.sha256, i.kind, i.duplicate, list(i.problems)
            )
            for i in report.items
        ],
        [
            e if type(e).__module__ == "victimkit.errors" else VictimkitError(str(e))
            for e in report.rejected
        ],
        [(Path(p), str(r)) for p, r in report.skipped],
    )


def _installed(module: str) -> bool:
    """Whether a capability's module is there, without importing it: importing the OCR or the
    dossier pulls in numpy, Pillow, reportlab…, which the GUI process itself never needs (its
    jobs run in the job host's child process)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def ocr_available() -> bool:
    return _installed("victimkit.ocr.run")


def ocr_job(
    case_dir: Path,
    evidence_ids: list[int],
    *,
    redo: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[int]:
    """Read the text of images (the same OCR the CLI runs), then analyse the case."""
    ocr_evidence = _optional("victimkit.ocr.run", "ocr_evidence")
    if ocr_evidence is None:
        return []
    with CaseStore.open(case_dir) as store:
        images = [i for i in evidence_ids if store.evidence(i).kind == "image"]
        done: list[int] = []
        if images:
            engine = store.case_row().get("ocr_engine") or "rapidocr"
            kwargs = {"engine": engine, "on_progress": on_progress, "cancel": cancel}
            if redo:
                kwargs["redo"] = True
            done = list(ocr_evidence(store, images, **kwargs) or [])
        analyse(store)
    return done


def analyse(store: CaseStore, evidence_ids: list[int] | None = None, **kw) -> None:
    analyse_case = _optional("victimkit.analysis.analyse", "analyse_case")
    if analyse_case is not None:
        analyse_case(store, evidence_ids, **kw)


def evidence_after(store: CaseStore, last_id: int):
    """Evidence added after ``last_id`` (the gallery appends these while an import runs)."""
    from victimkit.store.case import evidence_from_row

    return [evidence_from_row(r) for r in store.current_rows("evidence", "id > ?", [last_id])]


def ocr_done_ids(store: CaseStore) -> set[int]:
    """Items with an OCR result (one small query: it runs every few hundred ms during OCR)."""
    if "ocr_results" not in store.db.table_names():
        return set()
    return {r[0] for r in store.db.execute("SELECT DISTINCT evidence_id FROM ocr_results")}


def ocr_lines(store: CaseStore, evidence_id: int) -> list[dict]:
    """The newest OCR result's lines for one item, corrections applied."""
    results = store.current_rows("ocr_results", "evidence_id = ?", [evidence_id])
    if not results:
        return []
    latest = results[-1]["id"]
    lines = store.current_rows("ocr_lines", "ocr_result_id = ?", [latest])
    return sorted(lines, key=lambda r: r.get("line_no") or 0)


def correct_line(store: CaseStore, line_id: int, text: str) -> None:
    store.correct("ocr_lines", line_id, "text", text)


def confirm_line(store: CaseStore, line_id: int, confirmed: bool = True) -> None:
    store.correct("ocr_lines", line_id, "confirmed", confirmed)


# Caption and category of an evidence item: a person's corrections on the evidence row
# (``store.correct("evidence", id, "caption" | "category", value)``); ``current_rows`` applies
# them, so ``store.current_rows("evidence")`` rows carry ``caption`` and ``category`` when set.
EVIDENCE_CATEGORIES = (
    "chat",
    "payment",
    "bank",
    "profile",
    "website",
    "call_log",
    "other",
)


def evidence_notes(store: CaseStore, evidence_id: int) -> dict[str, str]:
    rows = store.current_rows("evidence", "id = ?", [evidence_id])
    if not rows:
        return {"caption": "", "category": ""}
    return {"caption": rows[0].get("caption") or "", "category": rows[0].get("category") or ""}


def set_evidence_note(store: CaseStore, evidence_id: int, field_name: str, value: str) -> bool:
    """Record a caption or category; nothing is written when the value did not change."""
    if field_name not in ("caption", "category"):
        raise ValueError(field_name)
    if evidence_notes(store, evidence_id)[field_name] == value:
        return False
    store.correct("evidence", evidence_id, field_name, value)
    return True


def evidence_entities(store: CaseStore, evidence_id: int) -> list[dict]:
    """Entities (amounts, accounts, phones…) the analysis found in the newest OCR reading of
    one image, with their boxes in image pixels; a person's corrections applied."""
    names = store.db.table_names()
    if "entities" not in names or "ocr_results" not in names:
        return []
    results = store.current_rows("ocr_results", "evidence_id = ?", [evidence_id])
    if not results:
        return []
    latest = results[-1]["id"]
    rows = store.current_rows(
        "entities",
        "evidence_id = ? AND source = 'ocr_line' AND ocr_result_id = ?",
        [evidence_id, latest],
    )
    return [r for r in rows if r.get("x1") is not None]


# ------------------------------------------------------------------- the case's facts
def summary(store: CaseStore) -> dict:
    """`victimkit show --json`: the documented view of the whole case."""
    from victimkit.analysis.summary import case_summary

    return case_summary(store)


def timeline_events(store: CaseStore) -> list[dict] | None:
    """`show --json`'s events without the rest of the summary (whose red-flag scan of every
    message would hold the interpreter for seconds in the GUI process); None without analysis."""
    fn = _optional("victimkit.analysis.timeline", "events_json")
    return fn(store) if fn is not None else None


def identifiers(store: CaseStore) -> list[dict]:
    """`show --json`'s identifiers (with ``entity_ids``), without building the whole summary."""
    fn = _optional("victimkit.analysis.identifiers", "identifiers_json")
    return fn(store) if fn is not None else []


def fact_rows(store: CaseStore, table: str) -> list[dict]:
    if table == "transactions":
        fn = _optional("victimkit.analysis.analyse", "case_transactions")
        if fn is not None:
            return fn(store)
    if table not in store.db.table_names():
        return []
    return store.current_rows(table)


def confirm_transaction(store: CaseStore, row_id: int, confirmed: bool = True) -> None:
    fn = _optional("victimkit.analysis.analyse", "confirm_transaction")
    if fn is not None and confirmed:
        fn(store, row_id)
    else:
        store.correct("transactions", row_id, "confirmed", confirmed)


def correct_transaction(store: CaseStore, row_id: int, field_name: str, value: str) -> None:
    """A person's correction of one field (checked by the analysis: amounts, times)."""
    fn = _optional("victimkit.analysis.analyse", "confirm_transaction")
    if fn is not None:
        # the analysis checks the value and records it; correcting a field also confirms it
        fn(store, row_id, field=field_name, value=value)
    else:
        store.correct("transactions", row_id, field_name, value)


def confirm_fact(store: CaseStore, table: str, row_id: int, confirmed: bool = True) -> None:
    store.correct(table, row_id, "confirmed", confirmed)


def correct_fact(store: CaseStore, table: str, row_id: int, field_name: str, value) -> None:
    store.correct(table, row_id, field_name, value)


IDENTIFIER_ROLES = ("suspect", "payee", "victim", "unknown")


def set_identifier_role(store: CaseStore, entity_ids: Iterable[int], role: str) -> int:
    """A person says whose identifier this is: a correction of ``role`` on each of its entity
    rows (the identifier index lets a person's role win). Returns how many rows changed."""
    if role not in IDENTIFIER_ROLES:
        raise ValueError(role)
    n = 0
    with store.transaction():
        for eid in entity_ids:
            if store.current_value("entities", eid, "role", default=None) != role:
                store.correct("entities", eid, "role", role)
                n += 1
    return n


def add_transaction(store: CaseStore, row: dict) -> int:
    (new_id,) = store.insert(
        "transactions",
        [{**row, "origin": "person", "fields": "{}"}],
        action="transaction_added_by_person",
    )
    return new_id


def loss_totals(rows: Iterable[dict]) -> dict[str, str]:
    from decimal import Decimal, InvalidOperation

    totals: dict[str, Decimal] = {}
    for r in rows:
        if not r.get("is_loss", 1) or r.get("direction") != "out":
            continue
        try:
            amount = abs(Decimal(str(r.get("amount") or "0")))
        except InvalidOperation:
            continue
        cur = r.get("currency") or "CNY"
        totals[cur] = totals.get(cur, Decimal(0)) + amount
    return {k: f"{v:,.2f}" for k, v in totals.items()}


# ------------------------------------------------------------------- guide and knowledge
_knowledge_lock = threading.Lock()
_knowledge: list = [0.0, None]  # when last checked, the knowledge
KNOWLEDGE_RECHECK_S = 5.0


def knowledge():
    """The guide's validated knowledge (steps, channels allow-list, prevention, drafts).

    Loaded once per process (YAML and a schema check: a second or more); one caller at a time,
    so that the GUI thread asking while ``preload`` is under way waits for it instead of
    reading everything a second time. The guide checks its files' dates at each call (a
    glob and two stats a file); a page asks dozens of times while it is built, so that is
    done at most every few seconds here."""
    checked, known = _knowledge
    now = time.monotonic()
    if known is not None and now - checked < KNOWLEDGE_RECHECK_S:
        return known
    from victimkit.guide.knowledge import load_knowledge

    with _knowledge_lock:
        known = load_knowledge()
        _knowledge[:] = [time.monotonic(), known]
        return known


_store_import_lock = threading.Lock()
_lean = [False]  # set by the app's process (``lean_process``), never by tests or scripts


def lean_process() -> None:
    """This process is the desktop app's: ``import_store_modules`` keeps numpy out of it.
    Not the default: a process that stores numpy values itself (tests, scripts, the job
    child) needs sqlite-utils' numpy support, which is decided once, at its import."""
    _lean[0] = True


def import_store_modules() -> None:
    """sqlite-utils and the case's migrations (``CaseStore.open`` imports them on first use),
    imported without numpy. sqlite-utils imports numpy whenever it can, only to store numpy
    values; the GUI process stores none (import, OCR and analysis write in the job child, whose
    sqlite-utils keeps numpy), and numpy's import held the interpreter lock ~0.2 s, which the
    GUI thread waited out. numpy stays importable for anything else once this is done."""
    import sys

    with _store_import_lock:
        if "victimkit.store.migrations" in sys.modules:
            return
        blocked = _lean[0] and "numpy" not in sys.modules
        if blocked:
            sys.modules["numpy"] = None  # `import numpy` raises ImportError meanwhile
        try:
            import sqlite_utils.db  # noqa: F401

            import victimkit.store.migrations  # noqa: F401
        finally:
            if blocked and "numpy" in sys.modules and sys.modules["numpy"] is None:
                del sys.modules["numpy"]


def preload() -> None:
    """What opening a case needs, loaded ahead (on a thread, while the case list is shown):
    the store's modules, the guide's knowledge and the modules of the pages."""
    with contextlib.suppress(Exception):  # anything missing is met again, and shown, later
        import_store_modules()
        knowledge()
        for name in (
            "victimkit.guide.steps",
            "victimkit.guide.checklists",
            "victimkit.guide.drafts",
        ):
            importlib.import_module(name)


def preload_page_modules() -> None:
    """The analysis' modules the pages' reads import (transactions, identifiers, timeline, red
    flags: phonenumbers, python-stdnum…, ~0.25 CPU-s), imported ahead while nothing else is
    going on rather than on a reader thread while the page is first shown."""
    with contextlib.suppress(Exception):
        for name in (
            "victimkit.analysis.analyse",
            "victimkit.analysis.identifiers",
            "victimkit.analysis.timeline",
            "victimkit.analysis.redflags",
        ):
            importlib.import_module(name)


def guide_steps() -> list[dict]:
    return knowledge().steps


def urgent_actions() -> dict[str, dict]:
    return {a["id"]: a for a in knowledge().urgent_actions}


def _channel_view(c: dict) -> dict:
    verified = bool(c.get("verified"))
    return {
        "id": c["id"],
        "name": pick(c.get("name")),
        "purpose": pick(c.get("purpose")),
        # only the allow-list's verified numbers and addresses are ever shown
        "phones": list(c.get("phones") or []) if verified else [],
        "web": list(c.get("web") or []) if verified else [],
    }


def channels_for(country: str, ids: Iterable[str] | None = None) -> list[dict]:
    """Official channels of the guide's allow-list, in the order asked for."""
    k = knowledge()
    if ids is None:
        return [_channel_view(c) for c in k.channels(country)]
    out = []
    for cid in ids:
        try:
            out.append(_channel_view(k.channel(cid)))
        except KeyError:
            continue
    return out


def step_channels(step_id: str, country: str) -> list[dict]:
    try:
        step = knowledge().step(step_id)
    except KeyError:
        return []
    return channels_for(country, (step.get("channels") or {}).get(country) or [])


def step_text(step_id: str) -> tuple[str, str]:
    try:
        step = knowledge().step(step_id)
    except KeyError:
        return step_id, ""
    return pick(step.get("title")), pick(step.get("summary"))


def step_actions(step_id: str, country: str) -> list[tuple[str, list[dict]]]:
    try:
        step = knowledge().step(step_id)
    except KeyError:
        return []
    actions = urgent_actions()
    out = []
    for aid in step.get("actions") or []:
        a = actions.get(aid)
        if a:
            ids = (a.get("channels") or {}).get(country) or []
            out.append((pick(a.get("text")), channels_for(country, ids)))
    return out


def prevention_items(country: str) -> list[dict]:
    return [{"id": i["id"], "text": pick(i.get("text"))} for i in knowledge().prevention(country)]


def platform_abuse_rows() -> list[dict]:
    return [
        {
            "behaviour": pick(r.get("behaviour")),
            "meaning": pick(r.get("what_it_means")),
            "todo": pick(r.get("what_to_do")),
        }
        for r in knowledge().platform_abuse
    ]


def deadlines(store: CaseStore) -> list[dict]:
    fn = _optional("victimkit.guide.steps", "deadlines")
    fmt = _optional("victimkit.guide.steps", "format_time_left")
    if fn is None:
        return []
    try:
        items = fn(store, lang=lang())
    except Exception:
        return []
    out = []
    for d in items:
        left = d.time_left()
        out.append(
            {
                "title": d.title,
                "note": d.note,
                "passed": left.total_seconds() <= 0,
                "due_at": d.due_at,
                "left": fmt(left) if fmt else str(left),
            }
        )
    return out


STEP_STATUSES = ("todo", "doing", "done", "skipped")


def step_statuses(store: CaseStore) -> dict[str, str]:
    from victimkit.guide.steps import step_states

    return {s.id: s.status for s in step_states(store, lang=lang())}


def set_step_status(store: CaseStore, step_id: str, status: str) -> None:
    from victimkit.guide.steps import set_step

    set_step(store, step_id, status)


def log_action(
    store: CaseStore,
    kind: str,
    *,
    ref: str = "",
    note: str = "",
    occurred_at: datetime | None = None,
) -> None:
    """The guide's action log: called the bank, a ticket number, the police receipt number."""
    from victimkit.guide.steps import log_action as guide_log_action

    guide_log_action(store, kind, ref=ref, note=note, occurred_at=occurred_at)


def action_log(store: CaseStore) -> list[dict]:
    from victimkit.guide.steps import actions

    return actions(store)


# Prevention ticks: the guide has no checklist state yet, so a tick is an "other" action whose
# reference names the item (kept in the case, audited).
PREVENTION_REF = "prevention:"


def prevention_state(store: CaseStore) -> dict[str, bool]:
    state: dict[str, bool] = {}
    for a in action_log(store):
        ref = a.get("ref") or ""
        if a.get("kind") == "other" and ref.startswith(PREVENTION_REF):
            state[ref[len(PREVENTION_REF) :]] = a.get("note") == "done"
    return state


def set_prevention(store: CaseStore, item_id: str, done: bool) -> None:
    log_action(store, "other", ref=PREVENTION_REF + item_id, note="done" if done else "undone")


@dataclass
class CheckResult:
    verdict: str  # suspicious, warning_about_scams, no_red_flags, unavailable
    types: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)


def check_text(text: str) -> CheckResult:
    """The same check as `victimkit check-text`."""
    fn = _optional("victimkit.analysis.redflags", "check_text")
    if fn is None:
        return CheckResult("unavailable")
    data = fn(text, lang=lang()).to_json()
    types = [pick(t.get("name")) or str(t.get("id")) for t in data.get("scam_types") or []]
    phrases: list[str] = []
    for m in data.get("matches") or []:
        shown = str(m.get("text") or m.get("phrase") or "")
        if shown and shown not in phrases:
            phrases.append(shown)
    advice = [pick(a) if isinstance(a, dict) else str(a) for a in data.get("advice") or []]
    return CheckResult(str(data.get("verdict") or "no_red_flags"), types, phrases, advice)


def evidence_checklist(store: CaseStore) -> list[dict]:
    """What police will ask for and what is still missing, from the guide."""
    fn = _optional("victimkit.guide.checklists", "evidence_checklist")
    if fn is None:
        return []
    return [
        {"label": i.label, "why": i.why, "status": i.status, "have": i.status == "present"}
        for i in fn(store, lang=lang())
    ]


def draft(store: CaseStore, kind: str) -> str:
    """The guide's draft (platform, police, ic3, ftc, reportfraud) in the case's language."""
    fn = _optional("victimkit.guide.drafts", "draft")
    if fn is None:
        return ""
    case_lang = store.case_row().get("lang") or "zh"
    return fn(store, kind, lang="zh" if case_lang == "zh" else "en")


# The copy-paste form drafts for official services, by the country they belong to.
FORM_DRAFTS = {"US": ("ic3", "ftc"), "UK": ("reportfraud",)}


def form_drafts(store: CaseStore, country: str) -> list[dict]:
    """[{kind, title, text}] of the official online forms for the case's country (US, UK)."""
    kinds = FORM_DRAFTS.get(country, ())
    if not kinds or _optional("victimkit.guide.drafts", "draft") is None:
        return []
    meta = knowledge().drafts["drafts"]
    out = []
    for kind in kinds:
        text = draft(store, kind)
        if text:
            title = pick((meta.get(kind) or {}).get("title")) or kind
            out.append({"kind": kind, "title": title, "text": text})
    return out


# ------------------------------------------------------------------- dossier
def dossier_available() -> bool:
    return _installed("victimkit.dossier.export")


def export_job(
    case_dir: Path,
    pdf_path: Path,
    *,
    bundle_path: Path | None = None,
    language: str = "zh",
    paper: str = "a4",
    exhibits: list[int] | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    export_case = _optional("victimkit.dossier.export", "export_case")
    if export_case is None:
        raise VictimkitError(_("The dossier export is not installed in this version."))
    with CaseStore.open(case_dir) as store:
        export_case(
            store,
            pdf_path,
            bundle_path=bundle_path,
            lang=language,
            paper=paper,
            exhibits=exhibits,
            on_progress=on_progress,
            cancel=cancel,
        )
    return pdf_path


def render_pdf_pages_job(
    pdf_path: Path,
    out_dir: Path,
    *,
    dpi: int = 80,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[Path]:
    """Page images for the preview (PySide6-Essentials has no QtPdf): poppler's pdftoppm."""
    import subprocess

    from victimkit.errors import MissingDependencyError

    exe = shutil.which("pdftoppm")
    if exe is None:
        raise MissingDependencyError(
            _("The preview needs poppler-utils (pdftoppm). The PDF itself is fine.")
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("page-*.png"):
        old.unlink()
    if on_progress:
        on_progress(Progress(0, 1, pdf_path.name))
    subprocess.run(
        [exe, "-png", "-r", str(dpi), str(pdf_path), str(out_dir / "page")],
        check=True,
        capture_output=True,
        timeout=600,
    )
    if on_progress:
        on_progress(Progress(1, 1, ""))
    return sorted(out_dir.glob("page-*.png"))


def record_police_receipt(store: CaseStore, number: str, station: str = "") -> None:
    log_action(store, "police_report", ref=number, note=station)
