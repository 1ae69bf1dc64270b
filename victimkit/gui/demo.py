"""The demo case: a fake-customer-service scam in Chinese, from the screenshots in resources/demo.

No Qt here: `victimkit demo DIR` and the app's "Try the demo" both call ``build_demo``.
"""

from __future__ import annotations

from pathlib import Path

from victimkit.core.progress import CancelToken, ProgressCallback
from victimkit.paths import resource
from victimkit.store.case import CaseStore

DEMO_TITLE = "冒充抖音客服关闭直播会员（演示）"


def demo_screenshots() -> list[Path]:
    return sorted(resource("demo").glob("*.png"))


def build_demo(
    folder: Path,
    *,
    ocr: bool = True,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Create the demo case in ``folder`` and add (and, when OCR is installed, read) its screenshots."""
    from victimkit.gui import backend
    from victimkit.intake.files import import_files

    folder = Path(folder)
    with CaseStore.create(
        folder,
        title=DEMO_TITLE,
        victim_name="王小梅（演示）",
        victim_contact="",
        lang="zh",
        country="CN",
        timezone="Asia/Shanghai",
    ) as store:
        report = import_files(store, demo_screenshots(), on_progress=on_progress, cancel=cancel)
    if ocr and backend.ocr_available():
        backend.ocr_job(folder, report.new_ids, on_progress=on_progress, cancel=cancel)
    return folder


__all__ = ["DEMO_TITLE", "build_demo", "demo_screenshots"]
