#!/usr/bin/env bash
# Installs the built Linux app (dist/victimkit from `make dist`) for the current user, with its
# menu entry and icons; no root needed. `--uninstall` removes the program again.
#
#   packaging/linux/install-user.sh [APP_FOLDER]      (default: dist/victimkit of this checkout)
#   packaging/linux/install-user.sh --uninstall
#
# The program goes to ~/.local/lib/victimkit, a link to ~/.local/bin/victimkit. Cases are NOT
# touched, by installing or uninstalling: they live in ~/.local/share/victimkit/cases.
set -euo pipefail

APP_ID="io.github.victimkit.Victimkit"
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
PREFIX="$HOME/.local/lib/victimkit"
BIN="$HOME/.local/bin"

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$PREFIX"
  rm -f "$BIN/victimkit" "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
  find "$DATA/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  refresh
  echo "victimkit removed. Your cases are still in $DATA/victimkit/cases."
  exit 0
fi

SRC="${1:-$HERE/../../dist/victimkit}"
[ -x "$SRC/victimkit" ] || { echo "no built app in $SRC: run \`make dist\` first" >&2; exit 1; }
SRC="$(cd "$SRC" && pwd)"

mkdir -p "$(dirname "$PREFIX")" "$BIN" "$DATA/applications" "$DATA/metainfo"
rm -rf "$PREFIX.new"
cp -a "$SRC" "$PREFIX.new"
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"
ln -sf "$PREFIX/victimkit" "$BIN/victimkit"

# A menu launcher does not always have ~/.local/bin on PATH: point Exec at the program itself.
sed "s|^Exec=victimkit|Exec=$PREFIX/victimkit|" "$HERE/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$DATA/metainfo/"
for dir in "$HERE"/icons/hicolor/*/apps; do
  size="$(basename "$(dirname "$dir")")"
  mkdir -p "$DATA/icons/hicolor/$size/apps"
  cp "$dir"/"$APP_ID".* "$DATA/icons/hicolor/$size/apps/"
done
refresh
echo "victimkit installed: $PREFIX (menu: victimkit; command: $BIN/victimkit)"
