#!/usr/bin/env bash
# Builds victimkit for macOS: dist/victimkit.app (PyInstaller BUNDLE) and a DMG (hdiutil).
# Written from the PyInstaller and hdiutil documentation; run by .github/workflows/macos.yml.
# It has NOT been run on the Linux machine where it was written.
#
#   packaging/macos/build.sh
#
# Needs: Python 3.11+ for the Mac's architecture (arm64 on Apple silicon; the DMG is for the
# architecture it was built on). Optional: CODESIGN_IDENTITY="Developer ID Application: ..." to
# sign; without it the app is ad-hoc signed and Gatekeeper asks the user to confirm on first
# open (right-click > Open). Notarisation (xcrun notarytool) is not done here.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="build/mac-venv"
ARCH="$(uname -m)"

echo "== Python environment"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet '.[dist]'
# RapidOCR declares opencv-python, which carries Qt 5 for its own windows; victimkit needs only
# the image functions. In this build environment only: the same cv2 without the GUI.
"$VENV/bin/python" -m pip uninstall --quiet -y opencv-python
"$VENV/bin/python" -m pip install --quiet opencv-python-headless
VERSION="$("$VENV/bin/python" -c 'import victimkit; print(victimkit.__version__)')"

echo "== Translations"
"$VENV/bin/python" scripts/compile_translations.py

echo "== PyInstaller"
start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pyinstaller/victimkit.spec
echo "built dist/victimkit.app in $(( $(date +%s) - start )) s: $(du -sh dist/victimkit.app | cut -f1)"

APP="dist/victimkit.app"
CLI="$APP/Contents/MacOS/victimkit"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  echo "== Signing with $CODESIGN_IDENTITY"
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

echo "== Smoke test of the built program"
"$CLI" --version
SMOKE="$(mktemp -d)"
VICTIMKIT_HOME="$SMOKE/home" "$CLI" case new "$SMOKE/case" --title smoke
VICTIMKIT_HOME="$SMOKE/home" "$CLI" add "$SMOKE/case" resources/demo
VICTIMKIT_HOME="$SMOKE/home" "$CLI" export "$SMOKE/case" --pdf "$SMOKE/dossier.pdf"
VICTIMKIT_HOME="$SMOKE/home" "$CLI" verify "$SMOKE/case"
rm -rf "$SMOKE"

echo "== DMG"
DMG="dist/victimkit-$VERSION-macos-$ARCH.dmg"
STAGE="build/dmg"
rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "victimkit $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"
echo "$DMG: $(du -h "$DMG" | cut -f1)"
