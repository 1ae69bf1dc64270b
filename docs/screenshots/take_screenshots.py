"""Screenshots of every page of the real window, in Chinese and English, under Xvfb.

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 python docs/screenshots/take_screenshots.py [zh] [en] [hc]

``hc`` takes a few pages under a black-and-white high-contrast palette with a 1.4× larger
system font (hc-*.png), to check that nothing is cramped or invisible there.

Builds the demo case (``victimkit demo``) in a temporary library, opens it in the real main
window, visits every page and grabs the whole X screen with ImageMagick's ``import``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def wait_open(app, w) -> None:
    """The case opens on the opener thread: wait until it is open in the window."""
    while w.session is None or w.opening is not None:
        app.processEvents()
        time.sleep(0.01)


def settle(app, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def grab(name: str) -> None:
    subprocess.run(["import", "-window", "root", str(HERE / name)], check=True)
    print("wrote", name)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="vk-shots-"))
    os.environ["VICTIMKIT_HOME"] = str(tmp / "home")
    from victimkit.gui import workers
    from victimkit.gui.app import install_qt_translations, make_app
    from victimkit.gui.demo import build_demo
    from victimkit.gui.main_window import SIDEBAR, MainWindow
    from victimkit.i18n import set_language

    library = tmp / "library"
    library.mkdir(parents=True)
    case = build_demo(library / "case-demo")
    app = make_app()
    only = sys.argv[1:] or ["zh", "en", "hc"]
    if "hc" in only:
        only.remove("hc")
        high_contrast(app, case, library)
    for lang in only:
        set_language(lang)
        install_qt_translations(app, lang)
        w = MainWindow(None, library=library, restore=False)
        w.keep_app = True
        w.setGeometry(0, 0, 1280, 800)
        w.show()
        settle(app, 1.0)
        grab(f"{lang}-00-case-list.png")
        w.open_case(case)
        wait_open(app, w)
        for n, (key, _label, _step) in enumerate(SIDEBAR, 1):
            page = w.show_page(key)
            if key == "stay_calm":
                page.paste_box.setPlainText(
                    "您好，我是抖音官方客服，您开通的直播会员每月扣费800元，关闭需要验证资金，"
                    "请加我QQ，把钱转到安全账户，不要告诉家人。"
                )
                page.check()
            if key == "evidence_viewer":
                page.show_evidence(4)
                if not page.caption_edit.text():
                    page.caption_edit.setText(
                        "对方冒充抖音客服，要求转账“验证资金”"
                        if lang == "zh"
                        else "The fake agent asks for a transfer to “verify funds”"
                    )
                    page._save_caption()
                    page.category_box.setCurrentIndex(page.category_box.findData("payment"))
                    page._save_category()
                if page.model.rowCount():
                    page.table.selectRow(min(3, page.model.rowCount() - 1))
            if key == "report_police" and page.export_button.isEnabled():
                page.export_pdf()
                for _i in range(600):
                    settle(app, 0.1)
                    if page.worker is None:
                        break
            settle(app, 1.2)
            grab(f"{lang}-{n:02d}-{key.replace('_', '-')}.png")
        if lang == "en":  # the US/UK form drafts appear for cases reported there
            w.session.update_case(country="US")
            page = w.show_page("third_party")
            page.refresh()
            settle(app, 1.2)
            grab("en-13-third-party-us.png")
            w.session.update_case(country="CN")
        w.close()
        workers.wait_for_workers()
        settle(app, 0.3)


def high_contrast(app, case: Path, library: Path) -> None:
    """Black and white, yellow highlight, a 1.4x system font: the app must stay readable."""
    from PySide6.QtGui import QColor, QPalette

    from victimkit.gui import workers
    from victimkit.gui.app import install_qt_translations
    from victimkit.gui.main_window import MainWindow
    from victimkit.i18n import set_language

    old_palette, old_font = app.palette(), app.font()
    pal = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        pal.setColor(role, black)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
    ):
        pal.setColor(role, white)
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#202020"))
    pal.setColor(QPalette.ColorRole.Highlight, yellow)
    pal.setColor(QPalette.ColorRole.HighlightedText, black)
    pal.setColor(QPalette.ColorRole.Link, QColor("#80d8ff"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0"))
    app.setPalette(pal)
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    app.setFont(font)
    for lang in ("en", "zh"):
        set_language(lang)
        install_qt_translations(app, lang)
        w = MainWindow(None, library=library, restore=False)
        w.keep_app = True
        w.setGeometry(0, 0, 1280, 800)
        w.show()
        w.open_case(case)
        wait_open(app, w)
        for key in ("stay_calm", "collect_evidence", "evidence_viewer", "messages"):
            w.show_page(key)
            settle(app, 1.2)
            grab(f"hc-{lang}-{key.replace('_', '-')}.png")
        w.close()
        workers.wait_for_workers()
        settle(app, 0.3)
    app.setPalette(old_palette)
    app.setFont(old_font)


if __name__ == "__main__":
    main()
