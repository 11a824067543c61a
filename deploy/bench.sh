#!/usr/bin/env bash
# Runs a benchmark of benchmarks/LayerParallel.Benchmarks (lp-bench) on the Release build.
#   deploy/bench.sh                 list the benchmarks
#   deploy/bench.sh NAME [args]     run one on one process
#   LP_RANKS=P deploy/bench.sh NAME [args]   run it under mpiexec -n P
# Side-by-side PyTorch references need python3-torch (installed here when missing).
# LP_BUILD=0 skips the build.

# shellcheck source=deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT" || exit 2

ensure_packages "${RUNTIME_PACKAGES[@]}" python3-torch
ensure_dotnet
if [ "${LP_BUILD:-1}" != 0 ]; then
    build_release
fi
[ -f "$BENCH_DLL" ] || fail "lp-bench is not built ($BENCH_DLL)"

export OPENBLAS_NUM_THREADS=1
if [ -n "${LP_RANKS:-}" ]; then
    exec "$(find_mpiexec)" -n "$LP_RANKS" dotnet "$BENCH_DLL" "$@"
fi
exec dotnet "$BENCH_DLL" "$@"
