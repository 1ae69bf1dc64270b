"""What happens after files are taken in: OCR of new images, then analysis.

The CLI's `add` and the GUI's import call exactly this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from victimkit.analysis.analyse import AnalysisReport, analyse_case
from victimkit.core.progress import CancelToken, ProgressCallback
from victimkit.intake.files import ImportReport, import_files
from victimkit.ocr.run import ocr_evidence
from victimkit.store.case import CaseStore
from victimkit.store.search import refresh_index


@dataclass
class AddResult:
    imported: ImportReport
    ocr_done: list[int] = field(default_factory=list)
    analysis: AnalysisReport | None = None


def add_evidence(
    store: CaseStore,
    paths: list[Path],
    *,
    ocr: bool = True,
    engine: str | None = None,
    me: str | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> AddResult:
    """Import, OCR the new images (unless ``ocr`` is False), then find the facts in what is new."""
    if me:
        store.update_case(me_name=me)
    report = import_files(store, paths, me=me, on_progress=on_progress, cancel=cancel)
    result = AddResult(report)
    if ocr:
        result.ocr_done = ocr_new(
            store, report.new_ids, engine=engine, on_progress=on_progress, cancel=cancel
        )
        display_copies(store, report.new_ids, on_progress=on_progress, cancel=cancel)
    if report.new_ids:
        result.analysis = analyse_case(
            store, report.new_ids, on_progress=on_progress, cancel=cancel
        )
        refresh_index(store)  # the new messages and lines are searchable at once
    return result


def ocr_new(
    store: CaseStore,
    evidence_ids: list[int],
    *,
    engine: str | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[int]:
    """OCR the new images with the case's engine (or ``engine``). Returns the ids OCR'd."""
    images = [i for i in evidence_ids if store.evidence(i).kind == "image"]
    if not images:
        return []
    engine = engine or store.case_row().get("ocr_engine") or "rapidocr"
    return list(
        ocr_evidence(store, images, engine=engine, on_progress=on_progress, cancel=cancel) or []
    )


def display_copies(
    store: CaseStore,
    evidence_ids: list[int],
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> None:
    """Make the dossier's display copies of the new images now (~16 ms each for a phone
    screenshot), so that the export the person asks for later does not wait for them. A
    failure here costs nothing: the export makes what is missing."""
    from victimkit.dossier.export import make_display_copies
    from victimkit.errors import Cancelled

    try:
        make_display_copies(store, evidence_ids, on_progress=on_progress, cancel=cancel)
    except Cancelled:
        raise
    except Exception:  # the export makes any copy missing here
        pass
