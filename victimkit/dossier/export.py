"""export_case: verify the case, make the display copies, write the PDF and the bundle.

Order matters because of what ties to what: the manifest (originals, derived files, case.json)
is made first and its SHA-256 is printed in the PDF; the export is entered in the audit chain
before the custody log and the PDF are written, so both show it; the ZIP's SHA256SUMS then covers
everything, the PDF included. A second audit entry records the finished files' hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from victimkit import __version__
from victimkit.core.models import Evidence
from victimkit.core.progress import Progress, ProgressCallback
from victimkit.dossier import bundle as bundle_mod
from victimkit.dossier import split
from victimkit.dossier.data import DossierData, gather, start_red_flags
from victimkit.dossier.images import DISPLAY_DPI, PrepTask, prepare_all
from victimkit.dossier.labels import LANGS, Labels
from victimkit.errors import Cancelled, ExportError
from victimkit.i18n import N_, _
from victimkit.store.audit import iso
from victimkit.store.case import CaseStore, evidence_from_row
from victimkit.store.verify import verify_case

TOOL = f"victimkit {__version__}"
# pdf.PAPERS' names: the PDF module (reportlab) is imported once the red-flag worker is running
PAPER_NAMES = ("a4", "letter")


@dataclass
class ExportResult:
    pdf_path: Path
    bundle_path: Path | None
    manifest_sha256: str
    pdf_sha256: str
    bundle_sha256: str | None
    sums_sha256: str | None
    pages: int
    exhibits: int
    verified_ok: int
    verified_total: int
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    cpu_timings: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds


def _check_cancel(cancel) -> None:
    if cancel is None:
        return
    if hasattr(cancel, "check"):
        cancel.check()
    elif cancel.is_set():
        raise Cancelled(_("Cancelled. Everything finished before that is kept."))


def _sha_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _local(dt: datetime, data: DossierData) -> str:
    return dt.astimezone(data.zone).isoformat(timespec="seconds")


def export_case(
    store: CaseStore,
    pdf_path: Path | str,
    *,
    bundle_path: Path | str | None = None,
    lang: str = "both",
    paper: str = "a4",
    exhibits=None,
    messages=None,
    redactions: dict | None = None,
    show_id_number: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel=None,
    workers: int = 2,
) -> ExportResult:
    """Write the dossier PDF (and, with ``bundle_path``, the evidence bundle) for the case.

    ``exhibits``: evidence ids or "E-001" labels to include (None: all); ``messages``: chat
    message ids to include (None: all); ``redactions``: {evidence id or label: [(x0, y0, x1, y1),
    ...]} in the original's pixels, blacked out in a derived copy for the PDF only.
    ``workers``: processes beside this one (display copies; a big case's red flags); 1: none.
    """
    started = time.perf_counter()
    if lang not in LANGS:
        raise ExportError(_("unknown dossier language {lang}").format(lang=lang))
    if paper not in PAPER_NAMES:
        raise ExportError(_("unknown paper size {paper}").format(paper=paper))
    if store.read_only:
        raise ExportError(_("the case is open read-only; the export must be recorded in it"))
    pdf_path = Path(pdf_path)
    bundle_path = Path(bundle_path) if bundle_path else None

    def progress(done, total, message):
        if on_progress:
            on_progress(Progress(done, total, message))

    # 1. what goes in, and a fresh verification of everything the case holds
    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}
    mark = [time.perf_counter(), time.process_time()]

    def lap(name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        timings[name] = round(now - mark[0], 3)
        cpu_timings[name] = round(cpu - mark[1], 3)
        mark[:] = [now, cpu]

    progress(0, 1, _("Checking the evidence"))
    # a big case's red flags are read in a second process while this one does the rest, and
    # its first exhibits' pages are built in another (it imports reportlab meanwhile)
    flags_job = start_red_flags(store) if workers > 1 else None
    pdf_worker = None
    if workers > 1 and split.worth_starting(store):
        pdf_worker = split.PdfWorker(store.root)
    try:
        return _export(
            store,
            pdf_path,
            bundle_path,
            lang=lang,
            paper=paper,
            exhibits=exhibits,
            messages=messages,
            redactions=redactions,
            show_id_number=show_id_number,
            progress=progress,
            cancel=cancel,
            workers=workers,
            flags_job=flags_job,
            pdf_worker=pdf_worker,
            started=started,
            timings=timings,
            cpu_timings=cpu_timings,
            lap=lap,
        )
    finally:
        if flags_job is not None:
            flags_job.cancel()
        if pdf_worker is not None:
            pdf_worker.close()


def _export(
    store: CaseStore,
    pdf_path: Path,
    bundle_path: Path | None,
    *,
    lang,
    paper,
    exhibits,
    messages,
    redactions,
    show_id_number,
    progress,
    cancel,
    workers,
    flags_job,
    pdf_worker,
    started,
    timings,
    cpu_timings,
    lap,
) -> ExportResult:
    data = gather(
        store,
        exhibits=exhibits,
        messages=messages,
        redactions=redactions,
        show_id_number=show_id_number,
        red_flags=flags_job,
    )
    lap("read case (case_summary)")
    _check_cancel(cancel)

    # 2. display copies of the images, across two processes when there are many (before
    # verification: the PDF worker needs them, verification does not change them)
    raws = {r["id"]: r for r in store.current_rows("evidence")}
    tasks = []
    for x in data.exhibits:
        x.bundle_path = (
            f"originals/{x.label}_{bundle_mod.safe_name(x.evidence.get('original_name') or '')}"
        )
        if x.is_image:
            ev = evidence_from_row(raws[x.evidence["id"]])
            tasks.append(display_task(store, ev, x.label, x.redactions))
    done = [0]

    def on_done(_r):
        done[0] += 1
        progress(done[0], len(tasks), _("Preparing images"))
        _check_cancel(cancel)

    prepared = prepare_all(tasks, workers=workers, on_done=on_done) if tasks else {}
    lap("display copies")
    by_label = {x.label: x for x in data.exhibits}
    for key, r in prepared.items():
        x = by_label[key]
        if r.path:
            x.render_path = r.path
            x.render_note = r.note
            x.render_size = (r.width, r.height) if r.width and r.height else None
            if r.redacted or r.converted:
                kind = "redacted" if r.redacted else "converted"
                x.derived_name = f"derived/{x.label}.{kind}.jpg"
        else:
            x.render_note = r.error
    _check_cancel(cancel)

    # the first exhibits' pages go to the second process, which needs nothing more
    from victimkit.dossier.pdf import DossierBuilder, PdfContext, build_pdf

    generated = datetime.now(UTC)
    split_at = 0
    part_pdf = pdf_path.with_name(f".{pdf_path.name}.{uuid.uuid4().hex[:8]}.exhibits.part")
    verified = None  # the PDF worker, when there is one, verified the case as it started
    if pdf_worker is not None:
        try:
            verified = pdf_worker.verification()
        except split.WorkerFailed:
            pdf_worker.close()
            pdf_worker = None
    if pdf_worker is not None:
        split_at = split.split_point(
            data.exhibits,
            split.WORKER_SHARE if flags_job is None else split.WORKER_SHARE_BESIDE_RED_FLAGS,
        )
        if split_at:
            try:
                pdf_path.parent.mkdir(parents=True, exist_ok=True)
                pdf_worker.build(
                    split.worker_data(data, split_at),
                    PdfContext(generated_at=generated, manifest_sha256="", tool=TOOL),
                    lang=lang,
                    paper=paper,
                    out=part_pdf,
                )
            except (split.WorkerFailed, OSError):
                split_at = 0
        if not split_at:
            pdf_worker.close()
        lap("pdf: exhibits handed to a second process")

    if verified is not None:
        report, verified_at = verified
    else:
        report = verify_case(store.root)
        verified_at = datetime.now(UTC)
    lap("verify case")
    bad_labels = {p.split(" ", 1)[0] for p in report.problems if p.startswith("E-")}
    verified_total = report.checked_files
    verified_ok = verified_total - len(bad_labels)
    _check_cancel(cancel)

    # 3. bundle contents and the manifest (case.json holds the red flags: it comes last), and
    # the (other) exhibits' pages of the PDF, which need neither
    files = _plan_files(store, data, raws, generated, verified_at, bad_labels)
    lap("derived files")

    builder = DossierBuilder(
        data,
        None,
        lang=lang,
        paper=paper,
        part="main" if split_at else "all",
        first_exhibit=split_at,
    )
    builder.prepare()
    if split_at:
        split.preload()
    lap("pdf: built ahead (exhibits, sections without red flags)")
    _check_cancel(cancel)
    data.wait_red_flags(store)
    lap("wait for red flags")
    files.insert(
        0,
        bundle_mod.BundleFile(
            bundle_mod.CASE_JSON,
            "case",
            "application/json",
            data=bundle_mod.json_readable_bytes(_case_json(data)),
        ),
    )
    header = {
        "case_id": data.case.get("id"),
        "generated_at": iso(generated),
        "generated_at_local": _local(generated, data),
        "generator": TOOL,
        "timezone": str(data.zone),
        "exhibits_in_case": data.all_exhibit_count,
        "exhibits_in_bundle": len(data.exhibits),
    }
    manifest = bundle_mod.manifest_bytes(files, header)
    manifest_sha = hashlib.sha256(manifest).hexdigest()
    lap("manifest")

    redaction_log = [
        {"exhibit": x.label, "box": list(b), "derived": x.derived_name}
        for x in data.exhibits
        for b in x.redactions
    ]
    with store.transaction():
        store.audit(
            "dossier_export_started",
            {
                "manifest_sha256": manifest_sha,
                "pdf": pdf_path.name,
                "bundle": bundle_path.name if bundle_path else None,
                "lang": lang,
                "paper": paper,
                "exhibits": [x.label for x in data.exhibits],
                "messages_selected": messages is not None,
                "redactions": redaction_log,
                "id_number_shown": bool(show_id_number),
                "verified": {"at": iso(verified_at), "ok": verified_ok, "total": verified_total},
                "tool": TOOL,
            },
        )
    data.audit = [dict(r) for r in store.db["audit"].rows_where(order_by="seq")]
    _check_cancel(cancel)

    # 4. the PDF (to a temporary name, then renamed)
    t = Labels(lang)
    note = ""
    if len(data.exhibits) != data.all_exhibit_count:
        note = t(
            N_("This dossier holds {n} of the {m} items in the case, chosen by the person.")
        ).format(n=len(data.exhibits), m=data.all_exhibit_count)
    ctx = PdfContext(
        generated_at=generated,
        manifest_sha256=manifest_sha,
        verified_at=verified_at,
        verified_total=verified_total,
        verified_ok=verified_ok,
        verify_problems=list(report.problems),
        bundle_name=bundle_path.name if bundle_path else None,
        tool=TOOL,
        redaction_log=redaction_log,
        selection_note=note,
    )
    # 4. the bundle's members other than the PDF are written by a second thread while the PDF
    # is made (copying and hashing release the interpreter); the PDF and SHA256SUMS come last
    writer = bundle_thread = None
    stop = threading.Event()
    failed: list[BaseException] = []
    if bundle_path is not None:
        custody = bundle_mod.custody_lines(data.audit)
        readme = bundle_mod.readme_text(
            data.case.get("id", ""), _local(generated, data), TOOL, manifest_sha
        )
        early = [
            bundle_mod.BundleFile(bundle_mod.README, "readme", "text/plain", data=readme),
            bundle_mod.BundleFile(
                bundle_mod.MANIFEST, "manifest", "application/json", data=manifest
            ),
            bundle_mod.BundleFile(bundle_mod.CUSTODY, "log", "application/x-ndjson", data=custody),
            *[f for f in files if f.role == "case"],
            *[f for f in files if f.role not in ("case",)],
        ]
        try:
            writer = bundle_mod.BundleWriter(bundle_path, when=generated.astimezone(data.zone))
        except OSError as exc:
            raise ExportError(
                _("the bundle could not be written: {reason}").format(reason=exc)
            ) from exc

        def write_early():
            try:
                for f in early:
                    if stop.is_set():
                        return
                    writer.add(f)
            except BaseException as exc:  # handed to the main thread
                failed.append(exc)

        bundle_thread = threading.Thread(target=write_early, name="vk-bundle", daemon=True)
        bundle_thread.start()

    def stop_bundle():
        if bundle_thread is not None:
            stop.set()
            bundle_thread.join()
            writer.abort()

    progress(0, 1, _("Writing the PDF"))
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.{uuid.uuid4().hex[:8]}.part")
    main_pdf = pdf_path.with_name(f".{pdf_path.name}.{uuid.uuid4().hex[:8]}.main.part")
    try:
        pages = 0
        if split_at:
            try:
                pages, worker_cpu = _build_split(
                    builder, data, ctx, main_pdf, part_pdf, tmp_pdf, pdf_worker, lap
                )
                cpu_timings.update(worker_cpu)
            except split.WorkerFailed:
                # Not logged (its message may name the victim's files): this process builds the
                # whole PDF instead, as it does for a small case; the result is the same document.
                builder = DossierBuilder(data, ctx, lang=lang, paper=paper)
        if not pages:
            pages = build_pdf(data, tmp_pdf, ctx, lang=lang, paper=paper, builder=builder)
        os.replace(tmp_pdf, pdf_path)
    except OSError as exc:
        tmp_pdf.unlink(missing_ok=True)
        stop_bundle()
        raise ExportError(_("the PDF could not be written: {reason}").format(reason=exc)) from exc
    except BaseException:
        tmp_pdf.unlink(missing_ok=True)
        stop_bundle()
        raise
    finally:
        main_pdf.unlink(missing_ok=True)
        part_pdf.unlink(missing_ok=True)
    pdf_sha = _sha_file(pdf_path)
    lap("pdf")
    try:
        _check_cancel(cancel)
    except BaseException:
        stop_bundle()
        raise

    # 5. the bundle: the PDF, then SHA256SUMS over everything
    bundle_sha = sums_sha = None
    if writer is not None:
        progress(0, 1, _("Writing the bundle"))
        bundle_thread.join()
        try:
            if failed:
                raise failed[0]
            writer.add(
                bundle_mod.BundleFile(
                    bundle_mod.PDF, "report", "application/pdf", source=pdf_path, sha256=pdf_sha
                )
            )
            bundle_sha, sums_sha = writer.finish()
        except OSError as exc:
            writer.abort()
            raise ExportError(
                _("the bundle could not be written: {reason}").format(reason=exc)
            ) from exc
        except BaseException:
            writer.abort()
            raise
        progress(1, 1, _("Writing the bundle"))

    lap("bundle")
    with store.transaction():
        store.audit(
            "dossier_exported",
            {
                "manifest_sha256": manifest_sha,
                "pdf": pdf_path.name,
                "pdf_sha256": pdf_sha,
                "pages": pages,
                "bundle": bundle_path.name if bundle_path else None,
                "bundle_sha256": bundle_sha,
                "sha256sums_sha256": sums_sha,
            },
        )
    progress(1, 1, _("Done"))
    return ExportResult(
        pdf_path=pdf_path,
        bundle_path=bundle_path,
        manifest_sha256=manifest_sha,
        pdf_sha256=pdf_sha,
        bundle_sha256=bundle_sha,
        sums_sha256=sums_sha,
        pages=pages,
        exhibits=len(data.exhibits),
        verified_ok=verified_ok,
        verified_total=verified_total,
        problems=list(report.problems),
        seconds=time.perf_counter() - started,
        timings=timings,
        cpu_timings=cpu_timings,
    )


def _build_split(builder, data, ctx, main_pdf, part_pdf, out, worker, lap):
    """The main part here while the worker builds its own; then the two joined into ``out``."""
    outline: list = []
    builder.resolver = split.main_resolver(worker, outline)
    builder.build(main_pdf, ctx)
    lap("pdf: main part")
    _pages, worker_cpu = worker.saved()
    lap("pdf: waiting for the exhibits' part")
    pages = split.join(main_pdf, part_pdf, out, builder.gap_page, outline)
    lap("pdf: parts joined")
    return pages, worker_cpu


def display_task(store: CaseStore, ev: Evidence, key: str, redactions=()) -> PrepTask:
    """What the display copy of an image is made from and to. Its size fits the image box of
    every paper size, so one copy serves A4 and Letter alike."""
    from victimkit.dossier.pdf import display_box

    box_w, box_h = display_box()
    return PrepTask(
        key=key,
        source=str(store.original_path(ev)),
        dest_dir=str(store.derived_dir / "dossier"),
        max_w=int(box_w / 72 * DISPLAY_DPI),
        max_h=int(box_h / 72 * DISPLAY_DPI),
        redactions=tuple(tuple(b) for b in redactions),
        media_type=ev.media_type,
    )


def make_display_copies(
    store: CaseStore,
    evidence_ids: list[int],
    *,
    workers: int = 2,
    on_progress: ProgressCallback | None = None,
    cancel=None,
) -> int:
    """Make the display copies of these images now, so that a later export reuses them (the
    add pipeline calls this after OCR). Returns how many images were looked at. A copy that
    cannot be made is left to the export, which says why in the PDF."""
    tasks = []
    for row in store.current_rows("evidence"):
        if row["id"] in evidence_ids and row.get("kind") == "image":
            ev = evidence_from_row(row)
            tasks.append(display_task(store, ev, ev.exhibit or str(ev.id)))
    done = [0]

    def on_done(_r):
        done[0] += 1
        if on_progress:
            on_progress(Progress(done[0], len(tasks), _("Preparing images")))
        _check_cancel(cancel)

    prepare_all(tasks, workers=workers, on_done=on_done)
    return len(tasks)


def _acquirers(store: CaseStore) -> dict[int, str]:
    """{evidence id: who imported it}, from the audit chain."""
    out = {}
    for r in store.db.execute(
        "SELECT actor, details FROM audit WHERE action = 'evidence_added'"
    ).fetchall():
        d = json.loads(r[1])
        if d.get("table") == "evidence":
            for i in range(d["first_id"], d["last_id"] + 1):
                out[i] = r[0]
    return out


def _plan_files(
    store: CaseStore,
    data: DossierData,
    raws: dict[int, dict],
    generated: datetime,
    verified_at: datetime,
    bad_labels: set[str],
) -> list[bundle_mod.BundleFile]:
    BF = bundle_mod.BundleFile
    who = _acquirers(store)
    files: list[bundle_mod.BundleFile] = []
    for x in data.exhibits:
        ev = x.evidence
        raw = raws.get(ev["id"], {})
        meta = json.loads(raw.get("meta") or "{}")
        src = ev.get("captured_at_source")
        files.append(
            BF(
                x.bundle_path,
                "original",
                ev.get("media_type") or "application/octet-stream",
                source=store.original_path(store.evidence(ev["id"])),
                sha256=ev["sha256"],
                size=ev.get("size") or 0,
                record={
                    "evidence_id": x.label,
                    "original_filename": ev.get("original_name"),
                    "category": x.kind,
                    "source": {
                        "path": ev.get("source_path"),
                        "device": " ".join(str(meta[k]) for k in ("make", "model") if meta.get(k))
                        or None,
                        "export_format": ev.get("export_format"),
                    },
                    "time_in_content": None,
                    "exif_datetime_original": ev.get("captured_at") if src == "exif" else None,
                    "captured_at": ev.get("captured_at"),
                    "captured_at_source": src,
                    "fs_mtime": raw.get("file_mtime"),
                    "acquired_at_utc": ev.get("imported_at"),
                    "acquired_at_local": _local(
                        datetime.fromisoformat(ev["imported_at"].replace("Z", "+00:00")), data
                    )
                    if ev.get("imported_at")
                    else None,
                    "acquired_by": who.get(ev["id"]),
                    "acquisition_method": "byte-exact copy by victimkit; SHA-256 computed while copying",
                    "tool": TOOL,
                    "hash_verified_at_export": None if x.label in bad_labels else iso(verified_at),
                    "other_sources": ev.get("other_sources") or [],
                    "problems": ev.get("problems") or [],
                },
            )
        )
        if x.ocr_lines:
            ocr = {
                "evidence_id": x.label,
                "engine": x.ocr_engine,
                "note": "machine transcription — may contain errors; the image is the evidence",
                "confirmed_line_by_line": x.ocr_confirmed,
                "lines": [
                    {
                        "text": "[redacted]" if line.redacted else line.text,
                        "speaker": line.speaker,
                        "confidence": line.confidence,
                        "box": list(line.box) if line.box else None,
                        "confirmed": line.confirmed,
                    }
                    for line in x.ocr_lines
                ],
            }
            rec = {
                "evidence_id": x.label,
                "parent_id": x.label,
                "derivation": "ocr",
                "ocr": {"engine": x.ocr_engine},
            }
            files.append(
                BF(
                    f"derived/{x.label}.ocr.json",
                    "derived",
                    "application/json",
                    data=bundle_mod.json_bytes(ocr, indent=None),
                    record=rec,
                )
            )
            text = (
                "\n".join("[redacted]" if line.redacted else line.text for line in x.ocr_lines)
                + "\n"
            )
            files.append(
                BF(
                    f"derived/{x.label}.ocr.txt",
                    "derived",
                    "text/plain",
                    data=text.encode("utf-8"),
                    record=dict(rec),
                )
            )
        if x.messages:
            body = "".join(
                json.dumps(
                    {k: v for k, v in m.items() if not k.startswith("_")},
                    ensure_ascii=False,
                    sort_keys=True,
                )
                + "\n"
                for m in x.messages
            ).encode("utf-8")
            files.append(
                BF(
                    f"derived/{x.label}.messages.jsonl",
                    "derived",
                    "application/x-ndjson",
                    data=body,
                    record={
                        "evidence_id": x.label,
                        "parent_id": x.label,
                        "derivation": "chat export parsed by victimkit",
                    },
                )
            )
        if x.derived_name and x.render_path:
            files.append(
                BF(
                    x.derived_name,
                    "derived",
                    "image/jpeg",
                    source=Path(x.render_path),
                    record={
                        "evidence_id": x.label,
                        "parent_id": x.label,
                        "derivation": x.render_note,
                        "redactions": [list(b) for b in x.redactions],
                    },
                )
            )
    return files


def _case_json(data: DossierData) -> dict:
    """§1–§7 as data. The ID number is masked unless the person chose to show it."""
    from victimkit.analysis.entities import mask

    case = dict(data.case)
    reporter = dict(data.reporter)
    if not data.show_id_number:
        for d in (case, reporter):
            for key in ("id_number", "victim_id_number", "resident_id", "id_no"):
                if d.get(key):
                    d[key] = mask(str(d[key]), "resident_id")
    case.pop("path", None)  # a path on the victim's computer tells an officer nothing
    return {
        "case": case,
        "reporter": reporter,
        "transactions": data.transactions,
        "identifiers": data.identifiers,
        "timeline": data.events,
        "red_flags": data.red_flags,
        "steps": data.steps,
        "references": data.references,
        "exhibits": [
            {
                "exhibit": x.label,
                "sha256": x.evidence.get("sha256"),
                "original_name": x.evidence.get("original_name"),
                "kind": x.kind,
                "path": x.bundle_path,
                "captured_at": x.evidence.get("captured_at"),
                "captured_at_source": x.evidence.get("captured_at_source"),
                "imported_at": x.evidence.get("imported_at"),
            }
            for x in data.exhibits
        ],
    }


__all__ = ["ExportResult", "display_task", "export_case", "make_display_copies"]
