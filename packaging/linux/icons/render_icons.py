"""Render victimkit's icon from its SVG: hicolor PNGs (16..512), the Windows .ico, the macOS .icns,
and the copy in resources/icons/ that the app uses as its window icon.

    .venv/bin/python packaging/linux/icons/render_icons.py

Uses Qt's SVG renderer (PySide6 is a dependency already) and Pillow for .ico/.icns. The outputs
are committed; run this again only after changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.victimkit.Victimkit"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
SVG = HERE / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombuffer("RGBA", (size, size), bytes(rgba.constBits()), "raw", "RGBA", 0, 1)


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    images = {}
    for size in SIZES:
        img = render(renderer, size)
        out = HERE / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        img.save(out, optimize=True)
        images[size] = img
    # The app's own copy, for its window icon: resources/ is what the program reads at run
    # time, from the source tree and from a frozen build alike.
    res = ROOT / "resources" / "icons"
    res.mkdir(parents=True, exist_ok=True)
    (res / SVG.name).write_bytes(SVG.read_bytes())
    images[256].save(res / f"{APP_ID}.png", optimize=True)
    big = render(renderer, 1024)
    images[512].save(
        ROOT / "packaging" / "windows" / "victimkit.ico",
        sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)],
    )
    big.save(ROOT / "packaging" / "macos" / "victimkit.icns")
    print("rendered", ", ".join(f"{s}px" for s in SIZES), "+ victimkit.ico + victimkit.icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
