#!/usr/bin/env bash
# Build Skredder for Linux: a PyInstaller one-folder bundle and a .deb that installs it under /opt/skredder.
#
#   bash installer/build-linux.sh [OUTDIR]        (default: build/installer)
#
# Makes OUTDIR/venv (a clean build environment: Skredder itself, not editable, and PyInstaller), the bundle in
# OUTDIR/dist/skredder/ (the app, resources, fonts, translations, the product models, the Alembic migrations,
# Qt's xcb and offscreen platform plugins; PySide6-Essentials only, no QtWebEngine) and
# OUTDIR/skredder_<version>_<arch>.deb: /opt/skredder, a `skredder` command on the PATH, a .desktop entry and
# the icon. Removing the package (apt remove skredder) leaves the users' data (~/.local/share/skredder) alone.
# Then: bash installer/test-deb.sh OUTDIR/skredder_*.deb  installs it in a clean Debian 12 chroot and runs
# `skredder self-test` from it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/build/installer}" && cd "${1:-$ROOT/build/installer}" && pwd)
PYTHON=${SKREDDER_PYTHON:-python3}
say() { printf 'build-linux: %s\n' "$*" >&2; }

VERSION=$("$PYTHON" -c "import tomllib,sys; print(tomllib.load(open(sys.argv[1],'rb'))['project']['version'])" \
          "$ROOT/pyproject.toml")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)

say "build environment in $OUT/venv"
[[ -x $OUT/venv/bin/python ]] || "$PYTHON" -m venv "$OUT/venv"
"$OUT/venv/bin/python" -m pip install -q --upgrade pip >/dev/null
"$OUT/venv/bin/python" -m pip install -q "$ROOT" "pyinstaller>=6.5"

say "icon"
"$OUT/venv/bin/python" "$ROOT/installer/draw_icon.py" "$OUT/icons"

say "PyInstaller one-folder bundle"
rm -rf "$OUT/dist/skredder"
(cd "$ROOT" && SKREDDER_ICON="$OUT/icons/skredder-256.png" "$OUT/venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" installer/skredder.spec)
BUNDLE="$OUT/dist/skredder"
# only the platform plugins a desktop needs (xcb) and the one without a screen (offscreen)
for plugin in "$BUNDLE"/_internal/PySide6/Qt/plugins/platforms/*; do
    case $(basename "$plugin") in libqxcb.so | libqoffscreen.so) ;; *) rm -f "$plugin" ;; esac
done
# Babel's CLDR data for ~800 locales is 35 MB; Skredder formats numbers in nb_NO and en_GB only (core/numbers.py),
# so keep those and the locales they inherit from (nb -> no? -> root, en_GB -> en_001 -> en -> root).
find "$BUNDLE/_internal/babel/locale-data" -name '*.dat' \
    ! -name 'root.dat' ! -name 'en.dat' ! -name 'en_001.dat' ! -name 'en_150.dat' ! -name 'en_GB.dat' \
    ! -name 'nb.dat' ! -name 'nb_NO.dat' ! -name 'no.dat' ! -name 'no_NO.dat' ! -name 'nn.dat' ! -name 'nn_NO.dat' -delete
QT_QPA_PLATFORM=offscreen "$BUNDLE/skredder" self-test --language en >&2
QT_QPA_PLATFORM=offscreen "$BUNDLE/skredder" self-test --language nb >&2

say ".deb package"
PKG="$OUT/deb/skredder_${VERSION}_${ARCH}"
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications"
cp -a "$BUNDLE" "$PKG/opt/skredder"
ln -s /opt/skredder/skredder "$PKG/usr/bin/skredder"
install -m 0644 "$ROOT/installer/skredder.desktop" "$PKG/usr/share/applications/skredder.desktop"
for size in 16 32 48 64 128 256; do
    mkdir -p "$PKG/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 0644 "$OUT/icons/skredder-$size.png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/skredder.png"
done
SIZE_KB=$(du -sk "$PKG" | cut -f1)
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: skredder
Version: $VERSION
Architecture: $ARCH
Maintainer: Skredder <skredder@example.invalid>
Installed-Size: $SIZE_KB
Depends: libglib2.0-0, libgl1, libegl1, libfontconfig1, libxkbcommon0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libxkbcommon-x11-0, libx11-xcb1
Section: misc
Priority: optional
Description: Product configurator (configure, price, quote) for made-to-order manufacturers
 Skredder walks a salesperson through tailoring a product to one customer's
 specification, prices it exactly and turns it into a quote and a production order.
CONTROL
cat > "$PKG/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
exit 0
SCRIPT
cp "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
chmod 0755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
DEB="$OUT/skredder_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group --build "$PKG" "$DEB" >/dev/null
say "bundle: $(du -sh "$BUNDLE" | cut -f1), package: $(du -h "$DEB" | cut -f1) -> $DEB"
