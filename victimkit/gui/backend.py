"""The GUI's one door into the core: the same functions the CLI calls, nothing else.

Pages call these functions; they never write SQL and never touch an OCR engine. Capabilities
that land later (OCR, analysis, guide, dossier) are looked up when first used, so the app works,
with less in it, while they are missing. Functions whose names end in ``_job`` run on a worker
thread: they open their own ``CaseStore`` there (one SQLite connection per thread).
"""

from __future__ import annotations

import importlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from victimkit.core.progress import CancelToken, Progress, ProgressCallback
from victimkit.errors import VictimkitError
from victimkit.i18n import _, current_language
from victimkit.paths import cases_home, resource
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
    problem: str = ""


def list_cases(root: Path | None = None) -> list[CaseEntry]:
    """Every case folder in the library, newest first. Read-only; a broken one is listed too."""
    root = root or cases_home()
    out: list[CaseEntry] = []
    if not root.is_dir():
        return out
    for folder in sorted(root.iterdir()):
        if not (folder / "case.sqlite").is_file():
            continue
        entry = CaseEntry(folder)
        try:
            with CaseStore.open(folder, read_only=True) as store:
                row = store.case_row()
                entry.id = row["id"]
                entry.title = row.get("title") or ""
                entry.victim_name = row.get("victim_name") or ""
                entry.created_at = row.get("created_at") or ""
                entry.evidence_count = store.db["evidence"].count
                entry.handed_over = _handed_over(store)
        except Exception as exc:  # a damaged case is still shown, with the reason
            entry.problem = str(exc)
            entry.id = folder.name
        out.append(entry)
    out.sort(key=lambda e: e.created_at, reverse=True)
    return out


def new_case_folder(root: Path | None = None) -> Path:
    root = root or cases_home()
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = root / f"case-{stamp}"
    n = 1
    while path.exists():
        n += 1
        path = root / f"case-{stamp}-{n}"
    return path


def create_case(
    folder: Path, *, title: str, victim_name: str, contact: str, lang_: str, country: str
) -> Path:
    with CaseStore.create(
        folder,
        title=title,
        victim_name=victim_name,
        victim_contact=contact,
        lang=lang_,
        country=country,
    ):
        pass
    return folder


def record_handover(case_dir: Path, bundle_path: Path, note: str = "") -> None:
    with CaseStore.open(case_dir) as store, store.transaction():
        store.audit(
            "case_handed_over",
            {"bundle": str(bundle_path), "note": note, "at": datetime.now(UTC).isoformat()},
        )


def bundle_job(
    case_dir: Path,
    bundle_path: Path,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the hand-over bundle (the dossier helper's export) and record the hand-over."""
    export_case = _optional("victimkit.dossier.export", "export_case")
    if export_case is None:
        raise VictimkitError(
            _("Handing over needs the dossier export, which is not installed in this version.")
        )
    pdf = bundle_path.with_suffix(".pdf")
    # The hand-over is recorded first, so that the bundle's custody log carries it.
    record_handover(case_dir, bundle_path)
    try:
        with CaseStore.open(case_dir) as store:
            export_case(
                store,
                pdf,
                bundle_path=bundle_path,
                lang=store.case_row().get("lang") or "zh",
                on_progress=on_progress,
                cancel=cancel,
            )
    except BaseException as exc:
        with CaseStore.open(case_dir) as store, store.transaction():
            store.audit("case_handover_failed", {"bundle": str(bundle_path), "reason": str(exc)})
        raise
    return bundle_path


def _handed_over(store: CaseStore) -> bool:
    done = False
    for r in store.db["audit"].rows_where(
        "action IN ('case_handed_over', 'case_handover_failed')", order_by="seq"
    ):
        done = r["action"] == "case_handed_over"
    return done


def was_handed_over(case_dir: Path) -> bool:
    with CaseStore.open(case_dir, read_only=True) as store:
        return _handed_over(store)


def erase_case(case_dir: Path, root: Path | None = None) -> None:
    """Erase a case folder after hand-over. The erasure is written to the library's log first."""
    root = root or cases_home()
    with CaseStore.open(case_dir, read_only=True) as store:
        info = store.case_row()
        last = store.db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    log = root / "erased.jsonl"
    root.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as f:
        f.write(
            json.dumps(
                {
                    "at": datetime.now(UTC).isoformat(),
                    "case_id": info["id"],
                    "folder": str(case_dir),
                    "last_audit_hash": last[0] if last else "",
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    for p in case_dir.rglob("*"):
        if p.is_file():
            p.chmod(0o600)
    shutil.rmtree(case_dir)


# ------------------------------------------------------------------- evidence
def import_job(
    case_dir: Path,
    paths: list[Path],
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
):
    """Take files and folders into the case (byte-exact). Returns the intake's ImportReport."""
    from victimkit.intake.files import import_files

    with CaseStore.open(case_dir) as store:
        return import_files(store, paths, on_progress=on_progress, cancel=cancel)


def ocr_available() -> bool:
    return _optional("victimkit.ocr.run", "ocr_evidence") is not None


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


def analyse(store: CaseStore) -> None:
    analyse_case = _optional("victimkit.analysis", "analyse_case") or _optional(
        "victimkit.analysis.case", "analyse_case"
    )
    if analyse_case is not None:
        analyse_case(store)


def ocr_done_ids(store: CaseStore) -> set[int]:
    if "ocr_results" not in store.db.table_names():
        return set()
    return {r["evidence_id"] for r in store.current_rows("ocr_results")}


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


# ------------------------------------------------------------------- the case's facts
def summary(store: CaseStore) -> dict:
    """`victimkit show --json`: the documented view of the whole case."""
    from victimkit.analysis.summary import case_summary

    return case_summary(store)


def fact_rows(store: CaseStore, table: str) -> list[dict]:
    if table not in store.db.table_names():
        return []
    return store.current_rows(table)


def confirm_fact(store: CaseStore, table: str, row_id: int, confirmed: bool = True) -> None:
    store.correct(table, row_id, "confirmed", confirmed)


def correct_fact(store: CaseStore, table: str, row_id: int, field_name: str, value) -> None:
    store.correct(table, row_id, field_name, value)


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
_yaml_cache: dict[str, dict] = {}


def _knowledge(name: str) -> dict:
    """A knowledge file as the guide ships it (loaded by the guide when it offers a loader)."""
    if name not in _yaml_cache:
        import yaml

        path = resource("knowledge", f"{name}.yaml")
        _yaml_cache[name] = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return _yaml_cache[name]


def guide_steps() -> list[dict]:
    return list(_knowledge("steps").get("steps") or [])


def urgent_actions() -> dict[str, dict]:
    return {a["id"]: a for a in _knowledge("steps").get("urgent_actions") or []}


def channels_for(country: str, ids: Iterable[str] | None = None) -> list[dict]:
    """Official channels, verified only: the allow-list is the only source of numbers shown."""
    data = _knowledge("channels")
    all_channels = {c["id"]: c for c in data.get(country) or []}
    chosen = [all_channels[i] for i in ids if i in all_channels] if ids is not None else []
    if ids is None:
        chosen = list(all_channels.values())
    out = []
    for c in chosen:
        verified = bool(c.get("verified"))
        out.append(
            {
                "id": c["id"],
                "name": pick(c.get("name")),
                "purpose": pick(c.get("purpose")),
                "phones": list(c.get("phones") or []) if verified else [],
                "web": list(c.get("web") or []) if verified else [],
            }
        )
    return out


def step_channels(step_id: str, country: str) -> list[dict]:
    for s in guide_steps():
        if s["id"] == step_id:
            ids = (s.get("channels") or {}).get(country) or []
            return channels_for(country, ids)
    return []


def step_text(step_id: str) -> tuple[str, str]:
    for s in guide_steps():
        if s["id"] == step_id:
            return pick(s.get("title")), pick(s.get("summary"))
    return step_id, ""


def step_actions(step_id: str, country: str) -> list[tuple[str, list[dict]]]:
    actions = urgent_actions()
    out = []
    for s in guide_steps():
        if s["id"] != step_id:
            continue
        for aid in s.get("actions") or []:
            a = actions.get(aid)
            if a:
                ids = (a.get("channels") or {}).get(country) or []
                out.append((pick(a.get("text")), channels_for(country, ids)))
    return out


def prevention_items(country: str) -> list[dict]:
    items = _knowledge("prevention").get("items") or []
    return [
        {"id": i["id"], "text": pick(i.get("text"))}
        for i in items
        if not i.get("country") or i.get("country") == country
    ]


def platform_abuse_rows() -> list[dict]:
    return [
        {
            "behaviour": pick(r.get("behaviour")),
            "meaning": pick(r.get("what_it_means")),
            "todo": pick(r.get("what_to_do")),
        }
        for r in _knowledge("platform_abuse").get("rows") or []
    ]


STEP_STATUSES = ("todo", "doing", "done", "skipped")

# Until the guide records steps and actions in tables of its own, the app writes them as audit
# entries: kept in the case, hash-chained, and carried into the bundle's custody log.
GUI_STEP_ACTION = "step_status_set"
GUI_LOG_ACTION = "action_logged"


def _audit_note(store: CaseStore, action: str, details: dict) -> None:
    with store.transaction():
        store.audit(action, details)


def _audit_entries(store: CaseStore, action: str) -> list[dict]:
    out = []
    for r in store.db["audit"].rows_where("action = ?", [action], order_by="seq"):
        out.append({**json.loads(r["details"]), "at": r["at"]})
    return out


def step_statuses(store: CaseStore) -> dict[str, str]:
    fn = _optional("victimkit.guide.steps", "step_states") or _optional(
        "victimkit.guide.state", "step_states"
    )
    if fn is not None:
        try:
            states = fn(store)
        except Exception:
            return {}
        if isinstance(states, dict):
            return {
                k: (v if isinstance(v, str) else getattr(v, "status", "todo"))
                for k, v in states.items()
            }
        return {getattr(s, "id", ""): getattr(s, "status", "todo") for s in states}
    return {e["step"]: e["status"] for e in _audit_entries(store, GUI_STEP_ACTION)}


def set_step_status(store: CaseStore, step_id: str, status: str) -> bool:
    """Record a step's status through the guide. False when the guide cannot record it yet."""
    fn = _optional("victimkit.guide.steps", "set_step_status") or _optional(
        "victimkit.guide.state", "set_step_status"
    )
    if fn is None:
        _audit_note(store, GUI_STEP_ACTION, {"step": step_id, "status": status})
        return True
    fn(store, step_id, status)
    return True


def log_action(store: CaseStore, kind: str, **details) -> bool:
    """The guide's action log (called the bank, ticket number, police receipt number)."""
    fn = _optional("victimkit.guide.steps", "log_action") or _optional(
        "victimkit.guide.actions", "log_action"
    )
    if fn is None:
        _audit_note(store, GUI_LOG_ACTION, {"kind": kind, **details})
        return True
    fn(store, kind, **details)
    return True


def action_log(store: CaseStore) -> list[dict]:
    fn = _optional("victimkit.guide.steps", "action_log") or _optional(
        "victimkit.guide.actions", "action_log"
    )
    if fn is None:
        return _audit_entries(store, GUI_LOG_ACTION)
    return [a if isinstance(a, dict) else dict(a.__dict__) for a in fn(store)]


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
    result = fn(text)
    data = result if isinstance(result, dict) else _as_dict(result)
    types, advice = [], []
    for t in data.get("scam_types") or data.get("types") or []:
        t = t if isinstance(t, dict) else _as_dict(t)
        types.append(pick(t.get("name")) or str(t.get("id") or t.get("scam_type") or ""))
        if t.get("advice"):
            advice.append(pick(t.get("advice")))
    phrases = []
    for m in data.get("matches") or data.get("phrases") or []:
        m = m if isinstance(m, dict) else _as_dict(m)
        phrases.append(str(m.get("phrase") or m.get("text") or m))
    for a in data.get("advice") or []:
        advice.append(pick(a) if isinstance(a, dict) else str(a))
    return CheckResult(str(data.get("verdict") or "no_red_flags"), types, phrases, advice)


def _as_dict(obj) -> dict:
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(obj)
    return dict(getattr(obj, "__dict__", {}))


def evidence_checklist(store: CaseStore) -> list[dict]:
    """What police will ask for and what is still missing, from the guide."""
    fn = _optional("victimkit.guide.checklists", "evidence_checklist")
    if fn is None:
        return []
    out = []
    for item in fn(store):
        d = item if isinstance(item, dict) else _as_dict(item)
        out.append(
            {
                "label": pick(d.get("label")),
                "have": bool(d.get("present") or d.get("have") or d.get("done")),
            }
        )
    return out


def draft(store: CaseStore, kind: str) -> str:
    fn = _optional("victimkit.guide.drafts", "make_draft") or _optional(
        "victimkit.guide.drafts", "draft"
    )
    if fn is None:
        return ""
    try:
        result = fn(store, kind, lang=lang())
    except TypeError:
        result = fn(store, kind)
    return result if isinstance(result, str) else getattr(result, "text", str(result))


# ------------------------------------------------------------------- dossier
def dossier_available() -> bool:
    return _optional("victimkit.dossier.export", "export_case") is not None


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


def record_police_receipt(store: CaseStore, number: str, station: str = "") -> bool:
    return log_action(store, "police_receipt", reference=number, note=station)
