#!/usr/bin/env bash
# Install a Skredder .deb in a clean Debian 12 (bookworm) chroot and run `skredder self-test` from it, offscreen.
#
#   sudo bash installer/test-deb.sh build/installer/skredder_<version>_<arch>.deb [CHROOT_DIR]
#
# Needs root, debootstrap (apt-get install debootstrap) and Debian's package mirror. The chroot (a temporary
# folder unless CHROOT_DIR is given) is removed afterwards. Also checks that removing the package leaves the
# user's data folder alone.
set -euo pipefail
DEB=$(realpath "$1")
KEEP=${2:-}
DIR=${2:-$(mktemp -d /tmp/skredder-chroot.XXXXXX)}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
say() { printf 'test-deb: %s\n' "$*" >&2; }
cleanup() { for m in dev/pts proc sys dev; do umount -l "$DIR/$m" 2>/dev/null || true; done; [[ -n $KEEP ]] || rm -rf "$DIR"; }
trap cleanup EXIT
chmod 0755 "$DIR"  # mktemp -d makes it 0700: the chroot's / must be readable by the test user
start=$(date +%s)
say "debootstrap bookworm into $DIR"
debootstrap --variant=minbase bookworm "$DIR" "$MIRROR" >/dev/null
for m in proc sys dev dev/pts; do mount --bind "/$m" "$DIR/$m"; done
cp "$DEB" "$DIR/tmp/skredder.deb"
say "apt-get install ./skredder.deb (with its dependencies)"
chroot "$DIR" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/skredder.deb >/dev/null
say "skredder self-test (offscreen, as a new user)"
chroot "$DIR" useradd -m tester
chroot "$DIR" su tester -c "QT_QPA_PLATFORM=offscreen skredder self-test --language en"
chroot "$DIR" su tester -c "QT_QPA_PLATFORM=offscreen skredder catalogue build >/dev/null && ls ~/.local/share/skredder/catalogue.sqlite"
chroot "$DIR" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q skredder >/dev/null
[[ ! -e $DIR/opt/skredder && -e $DIR/home/tester/.local/share/skredder/catalogue.sqlite ]] || {
    say "FAILED: removing the package must remove /opt/skredder and keep the user's data"; exit 1; }
say "passed in $(( $(date +%s) - start )) s"
