#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages victimkit needs, when they are missing.
# As root (or with passwordless sudo) it runs apt-get; otherwise it prints the one command to run.
set -euo pipefail

PKGS=(
  python3 python3-venv python3-pip
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
  libxcb-render-util0 libxcb-xkb1 libxcb-randr0 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  xvfb xauth poppler-utils
  fonts-noto-cjk fonts-wqy-microhei
  desktop-file-utils appstream
)

command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: install the equivalents of: ${PKGS[*]}" >&2; exit 0; }

missing=()
for p in "${PKGS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  "${cmd[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing system packages with sudo: ${missing[*]}"
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
else
  echo "victimkit needs these system packages. Run this once, then try again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
