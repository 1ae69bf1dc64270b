# Runtime hook of the frozen victimkit, run before any of its code.
#
# Tesseract is the second OCR engine. pytesseract runs the `tesseract` program found on PATH.
# The Windows installer may bundle it in `<app>/tesseract/` (see packaging/windows/build.ps1);
# when that folder exists it goes first on PATH and its tessdata is used. Otherwise the
# system's Tesseract (Debian tesseract-ocr, Homebrew tesseract, ...) is used when present.
import os
import sys
from pathlib import Path

_bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
for _folder in (_bundle / "tesseract", Path(sys.executable).resolve().parent / "tesseract"):
    if (_folder / "tesseract").exists() or (_folder / "tesseract.exe").exists():
        os.environ["PATH"] = str(_folder) + os.pathsep + os.environ.get("PATH", "")
        if (_folder / "tessdata").is_dir():
            os.environ.setdefault("TESSDATA_PREFIX", str(_folder / "tessdata"))
        break

# macOS apps started from Finder get a minimal PATH without Homebrew's folders.
if sys.platform == "darwin":
    for _brew in ("/opt/homebrew/bin", "/usr/local/bin"):
        if _brew not in os.environ.get("PATH", "").split(os.pathsep) and Path(_brew).is_dir():
            os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + _brew
