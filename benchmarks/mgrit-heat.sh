#!/usr/bin/env bash
# MGRIT strong scaling on XBraid's ex-02 heat problem: nt 8192, nx 129, up to 15 levels, cf 2,
# FCF (nu 1), ex-02's other defaults; mpiexec -n P for each P, several repetitions. Prints, per
# P, the median wall time (result.json: solve plus final access, the slowest rank), the
# iterations and final residual, and the speedup over 1 rank (target on 2 ranks: 1.8).
# Usage: benchmarks/mgrit-heat.sh [reps] [extra mgrit flags...]
#   LP_RANKS="1 2"   rank counts (default "1 2")
#   LP_KEEP=DIR      keep every run's output folder under DIR
# Build first: deploy/quickstart.sh, or dotnet build src/LayerParallel.Cli -c Release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-5}
shift || true
ranks_list=${LP_RANKS:-"1 2"}
if [ -x "$root/deploy/layerparallel" ]; then
    program=("$root/deploy/layerparallel")
else
    program=(dotnet "$root/src/LayerParallel.Cli/bin/Release/net10.0/layerparallel.dll")
fi
[ -f "$root/src/LayerParallel.Cli/bin/Release/net10.0/layerparallel.dll" ] || {
    echo "error: build first: dotnet build $root/src/LayerParallel.Cli -c Release" >&2; exit 2; }
mpiexec=$(command -v mpiexec.mpich || command -v mpiexec) || {
    echo "error: mpiexec not found (apt-get install mpich)" >&2; exit 2; }
command -v jq >/dev/null || { echo "error: jq not found (apt-get install jq)" >&2; exit 2; }
work=${LP_KEEP:-$(mktemp -d)}
[ -n "${LP_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1

flags=(mgrit --problem heat1d --nt 8192 --nx 129 --max-levels 15 --cf 2 --nu 1 "$@")
echo "layerparallel ${flags[*]}   ($reps repetitions, $(nproc) cores)"
printf '%-6s %12s %12s %10s %14s %8s %s\n' ranks median_s min_s iters residual speedup all_s
base=""
for p in $ranks_list; do
    times=()
    for ((r = 1; r <= reps; r++)); do
        out="$work/p$p-r$r"
        "$mpiexec" -n "$p" "${program[@]}" "${flags[@]}" --output "$out" >"$out.log" 2>&1 || {
            echo "error: run failed (ranks $p, repetition $r); log: $out.log" >&2
            cat "$out.log" >&2; exit 1; }
        times+=("$(jq -r .wall_seconds "$out/result.json")")
    done
    last="$work/p$p-r$reps/result.json"
    iters=$(jq -r .iterations "$last")
    residual=$(jq -r .final_residual_norm "$last")
    sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    median=$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
    min=$(printf '%s\n' "$sorted" | head -1)
    base=${base:-$median}
    speedup=$(awk -v a="$base" -v b="$median" 'BEGIN{printf "%.2f", a/b}')
    printf '%-6s %12.4f %12.4f %10s %14.6e %8s %s\n' "$p" "$median" "$min" "$iters" "$residual" \
        "$speedup" "$(printf '%s ' "${times[@]}")"
done
