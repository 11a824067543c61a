# shellcheck shell=bash disable=SC2034
# Shared by the deploy scripts: source it, do not run it. (SC2034: the variables are for them.)
# Installs what LayerParallel needs from Debian, checks the .NET SDK, builds, and finds MPICH.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOLUTION="$REPO_ROOT/LayerParallel.sln"
BENCH_DLL="$REPO_ROOT/benchmarks/LayerParallel.Benchmarks/bin/Release/net10.0/lp-bench.dll"

# Debian packages every run needs: MPICH (launcher and libmpich.so.12), OpenBLAS, the data.
RUNTIME_PACKAGES=(mpich libopenblas0-pthread dataset-fashion-mnist)

export DEBIAN_FRONTEND=noninteractive
export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The scripts build into the default bin/ folders that deploy/layerparallel runs from.
unset LP_ARTIFACTS

say() { printf '==> %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 2; }

# True when a Debian package is installed.
is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Installs the missing ones of the given packages; runs apt-get update only if one is missing.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        is_installed "$p" || missing+=("$p")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    command -v apt-get >/dev/null || fail "missing packages ${missing[*]} and no apt-get to install them"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || fail "installing ${missing[*]} needs root (or sudo)"
        sudo=(sudo -E)
        [ -t 0 ] || sudo+=(-n)
    fi
    say "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The .NET SDK must be 10 or newer; it is not a Debian package, so only explain how to get it.
ensure_dotnet() {
    local major=0
    if command -v dotnet >/dev/null; then
        major="$(dotnet --list-sdks 2>/dev/null | sed -n 's/^\([0-9]*\)\..*/\1/p' | sort -n | tail -1)"
    fi
    if [ "${major:-0}" -lt 10 ]; then
        cat >&2 <<'TEXT'
error: the .NET SDK 10 (or newer) is required and was not found.
  Get it from https://dotnet.microsoft.com/download/dotnet/10.0 , for example:
    curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0
    export PATH="$HOME/.dotnet:$PATH"
  or install the package dotnet-sdk-10.0 from packages.microsoft.com, then run this again.
TEXT
        exit 2
    fi
}

# The launcher to use: MPICH's, even when Open MPI owns the plain "mpiexec" name.
find_mpiexec() {
    if command -v mpiexec.mpich >/dev/null; then
        echo mpiexec.mpich
    elif command -v mpiexec.hydra >/dev/null; then
        echo mpiexec.hydra
    elif command -v mpiexec >/dev/null && ! mpiexec --version 2>&1 | grep -qi 'open mpi\|openrte'; then
        echo mpiexec
    else
        fail "MPICH's mpiexec was not found (apt-get install mpich); Open MPI cannot run LayerParallel"
    fi
}

# Release build of the whole solution; warnings are errors.
build_release() {
    say "building (Release)"
    dotnet build "$SOLUTION" -c Release -nologo -v quiet -clp:NoSummary\;ErrorsOnly
}
