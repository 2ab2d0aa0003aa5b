#!/usr/bin/env bash
# Skredder's two commands, on a fresh Debian 12 machine or an already prepared one:
#
#   bash installer/bootstrap.sh app  [skredder arguments]   set up, then start Skredder
#   bash installer/bootstrap.sh test [pytest arguments]     set up, then run pytest, ruff and mypy
#
# Set-up, each step skipped quickly when already done:
#   1. the Debian packages Qt needs (also offscreen), the X11/xcb libraries for a real window, python3-venv,
#      poppler-utils and zbar-tools (the tests read PDFs back and decode their QR codes); installed with
#      apt-get as root or through sudo, otherwise the exact install command is printed;
#   2. a virtual environment with Python 3.11 or newer in .venv (or $SKREDDER_VENV);
#   3. `pip install -e '.[test]'` into it, repeated only when pyproject.toml or this script changed.
#
# Environment: SKREDDER_VENV (where the virtual environment lives), SKREDDER_PYTHON (the Python to create it
# with, instead of the first of python3.13, python3.12, python3.11, python3 that is 3.11 or newer).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPT=$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")
REPO_ROOT=$(dirname "$SCRIPT_DIR")
VENV=${SKREDDER_VENV:-$REPO_ROOT/.venv}
STAMP=$VENV/.skredder-bootstrap-stamp
MIN_PYTHON=(3 11)

SYSTEM_PACKAGES=(
    # Qt, also with QT_QPA_PLATFORM=offscreen
    libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
    # Qt's xcb platform plugin, for a real window
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
    libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
    # the virtual environment; pdftoppm/pdftotext for the tests that read PDFs back, zbarimg for their QR codes
    python3-venv poppler-utils zbar-tools
    # the tests against a real office database start a throw-away PostgreSQL cluster (initdb, pg_ctl)
    postgresql
)

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: bash installer/bootstrap.sh app  [skredder arguments]   set up everything, then start Skredder
       bash installer/bootstrap.sh test [pytest arguments]     set up everything, then run all tests and linters
EOF
}

# --- 1. system packages ---------------------------------------------------------------------------------

missing_system_packages() {
    # Prints the packages of SYSTEM_PACKAGES that are not installed. Debian 13 and Ubuntu 24.04 renamed some
    # libraries with a "t64" suffix; either name counts.
    local -A installed=()
    local name status pkg
    local queries=()
    for pkg in "${SYSTEM_PACKAGES[@]}"; do queries+=("$pkg" "${pkg}t64"); done
    while read -r name status; do
        [[ $status == "install ok installed" ]] && installed[${name%%:*}]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "${queries[@]}" 2>/dev/null || true)
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        [[ -n ${installed[$pkg]:-} || -n ${installed[${pkg}t64]:-} ]] || printf '%s\n' "$pkg"
    done
}

ensure_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "warning: no dpkg here (not Debian-like); install the equivalents of these yourself if Qt or the" \
            "tests fail: ${SYSTEM_PACKAGES[*]}"
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_system_packages)
    [[ ${#missing[@]} -eq 0 ]] && return 0

    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            say "these system packages are missing: ${missing[*]}"
            say "install them with this command (as a user who may use sudo), then run this script again:"
            printf 'sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' "${missing[*]}"
            exit 1
        fi
    fi
    say "installing system packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    mapfile -t missing < <(missing_system_packages)
    [[ ${#missing[@]} -eq 0 ]] || die "apt-get did not install: ${missing[*]}"
}

# --- 2. Python and the virtual environment --------------------------------------------------------------

is_recent_python() {
    "$1" -c "import sys; sys.exit(sys.version_info[:2] < (${MIN_PYTHON[0]}, ${MIN_PYTHON[1]}))" 2>/dev/null
}

find_python() {
    local candidates=(python3.13 python3.12 python3.11 python3) candidate path
    [[ -n ${SKREDDER_PYTHON:-} ]] && candidates=("$SKREDDER_PYTHON")
    for candidate in "${candidates[@]}"; do
        path=$(command -v "$candidate" 2>/dev/null) || continue
        # Runs it: a pyenv shim of a version that is not selected exists but fails.
        if is_recent_python "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    if [[ -x $VENV/bin/python ]] && is_recent_python "$VENV/bin/python"; then
        return 0
    fi
    local python clear=()
    python=$(find_python) || die "Skredder needs Python ${MIN_PYTHON[0]}.${MIN_PYTHON[1]} or newer; found" \
        "$(python3 --version 2>&1 || echo 'no python3')." \
        "On Debian 12: sudo apt-get install python3 python3-venv (or set SKREDDER_PYTHON to a newer Python)."
    if [[ -e $VENV ]]; then
        [[ -f $VENV/pyvenv.cfg ]] || die "$VENV exists but is not a virtual environment; move it away or set SKREDDER_VENV."
        say "recreating the broken virtual environment $VENV"
        clear=(--clear)
    fi
    say "creating the virtual environment $VENV with $python ($("$python" --version 2>&1))"
    local log
    if ! log=$("$python" -m venv "${clear[@]}" "$VENV" 2>&1); then
        printf '%s\n' "$log" >&2
        rm -rf "$VENV"
        if [[ $log == *ensurepip* ]]; then
            die "this Python has no ensurepip; on Debian/Ubuntu: sudo apt-get install python3-venv"
        fi
        die "could not create the virtual environment $VENV"
    fi
}

# --- 3. the package and its test tools ------------------------------------------------------------------

install_fingerprint() {
    # Changes whenever pip has something new to do: the dependencies, this script, the venv's Python, the clone.
    {
        cat "$REPO_ROOT/pyproject.toml" "$SCRIPT"
        "$VENV/bin/python" --version
        printf '%s\n' "$REPO_ROOT"
    } 2>&1 | sha256sum | cut -d' ' -f1
}

ensure_installed() {
    local fingerprint
    fingerprint=$(install_fingerprint)
    if [[ -f $STAMP && $(<"$STAMP") == "$fingerprint" ]]; then
        return 0
    fi
    say "installing Skredder and its test tools into $VENV (pip install -e '.[test]')"
    rm -f "$STAMP"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -e "${REPO_ROOT}[test]" >&2
    printf '%s\n' "$fingerprint" >"$STAMP"
}

setup() {
    local start=$SECONDS
    ensure_system_packages
    ensure_venv
    ensure_installed
    say "ready ($((SECONDS - start)) s): $("$VENV/bin/python" --version 2>&1) in $VENV"
}

# --- the two commands -----------------------------------------------------------------------------------

database_args() {
    # The --database option among the app's arguments, so that the catalogue is built where the app looks.
    while [[ $# -gt 0 ]]; do
        case $1 in
            --database) [[ $# -ge 2 ]] && printf '%s\n' --database "$2"; return 0 ;;
            --database=*) printf '%s\n' "$1"; return 0 ;;
        esac
        shift
    done
}

run_app() {
    local skredder=$VENV/bin/skredder
    # ---- HOOK: build the bundled catalogue before the start ----------------------------------------------
    # Compiles product_models/ into the catalogue database the app will open (the user's data folder, or
    # --database / SKREDDER_DATABASE). Runs only once the CLI has the `catalogue` command.
    if "$skredder" catalogue --help >/dev/null 2>&1; then
        local db_args
        mapfile -t db_args < <(database_args "$@")
        say "building the bundled catalogue (skredder catalogue build)"
        "$skredder" "${db_args[@]}" catalogue build >&2 || die "building the bundled catalogue failed (see above)"
    fi
    # ---- end of hook --------------------------------------------------------------------------------------
    exec "$skredder" "$@"
}

run_tests() {
    cd "$REPO_ROOT"
    export QT_QPA_PLATFORM=offscreen
    local failed=() rc=0

    # the tests run in parallel processes (pytest-xdist; one module stays in one process, so its module fixtures
    # are built once): SKREDDER_TEST_WORKERS (default: 2, or 1 on a one-core machine); 0 or an own -n/-p no:xdist
    # in the arguments runs them in this process only
    local workers=${SKREDDER_TEST_WORKERS:-} parallel=()
    if [[ -z $workers ]]; then
        workers=$(nproc 2>/dev/null || echo 1)
        (( workers > 2 )) && workers=2
    fi
    if (( workers > 1 )) && [[ " $* " != *" -n"* && " $* " != *"xdist"* ]]; then
        parallel=(-n "$workers" --dist loadfile)
    fi
    "$VENV/bin/python" -m pytest "${parallel[@]}" "$@" || rc=$?
    case $rc in
        0) ;;
        5) say "error: pytest collected no tests (exit 5); this project always has tests, so something is wrong"
           failed+=("pytest: no tests collected") ;;
        *) failed+=("pytest (exit $rc)") ;;
    esac

    local lint_dirs=() dir
    for dir in configurator tests benchmarks; do [[ -d $dir ]] && lint_dirs+=("$dir"); done
    if [[ ${#lint_dirs[@]} -gt 0 ]]; then
        say "ruff check ${lint_dirs[*]}"
        "$VENV/bin/python" -m ruff check "${lint_dirs[@]}" || failed+=("ruff")
    fi
    if [[ -d configurator/core ]]; then
        say "mypy (the packages set in pyproject.toml [tool.mypy])"
        "$VENV/bin/python" -m mypy || failed+=("mypy")
    fi
    say "lint-imports (the architecture's contracts in pyproject.toml [tool.importlinter])"
    "$VENV/bin/lint-imports" --no-cache || failed+=("import contracts")

    if [[ ${#failed[@]} -gt 0 ]]; then
        local summary
        printf -v summary '%s; ' "${failed[@]}"
        say "FAILED: ${summary%; }"
        exit 1
    fi
    say "all checks passed: pytest, ruff, mypy, import contracts"
}

main() {
    local mode=${1:-}
    case $mode in
        app | test) shift ;;
        -h | --help | help) usage; exit 0 ;;
        *) usage; exit 2 ;;
    esac
    setup
    if [[ $mode == app ]]; then
        run_app "$@"
    else
        run_tests "$@"
    fi
}

main "$@"
