#!/bin/sh
# Make sure every Debian package kolb's build and tests need is present.
# Installs what is missing with apt-get (directly as root, else through sudo),
# or stops with the exact command to run.
set -u

missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

need_cmd pkg-config pkg-config
need_cmd cc gcc
need_cmd make make
if command -v pkg-config >/dev/null 2>&1; then
	need_pc ncursesw libncurses-dev
	need_pc sqlite3 libsqlite3-dev
	need_pc libarchive libarchive-dev
	need_pc libpcre2-8 libpcre2-dev
	need_pc libsodium libsodium-dev
	need_pc jansson libjansson-dev
	need_pc md4c libmd4c-dev
	need_pc cmocka libcmocka-dev
	need_pc zlib zlib1g-dev
	need_pc cairo libcairo2-dev
	need_pc pangocairo libpango1.0-dev
	need_pc fontconfig libfontconfig-dev
	need_pc libqrencode libqrencode-dev
else
	missing="$missing libncurses-dev libsqlite3-dev libarchive-dev libpcre2-dev libsodium-dev libjansson-dev libmd4c-dev libcmocka-dev zlib1g-dev libcairo2-dev libpango1.0-dev libfontconfig-dev libqrencode-dev"
fi
# The certificates' typeface (Vietnamese shaped by Pango) and the tools the tests
# read printed certificates back with.
[ -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] || missing="$missing fonts-noto-core"
need_cmd fc-match fontconfig
need_cmd pdftotext poppler-utils
need_cmd zbarimg zbar-tools
need_cmd xgettext gettext
need_cmd tmux tmux
need_cmd bsdtar libarchive-tools
need_cmd sqlite3 sqlite3
need_cmd zstd zstd
need_cmd xz xz-utils
need_cmd zip zip
need_cmd age age

[ -z "$missing" ] && exit 0

echo "kolb needs these Debian packages:$missing"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "This is not a Debian or Ubuntu system: install the equivalents of the packages above." >&2
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "Run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing them: $SUDO apt-get install -y$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || true
if ! $SUDO apt-get install -y -q --no-install-recommends $missing; then
	echo "Could not install them. Run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
