#!/usr/bin/env bash
# MGRIT strong scaling on XBraid's ex-02 heat problem: nt 8192, nx 129, up to 15 levels, cf 2,
# FCF (nu 1), ex-02's other defaults, under mpiexec -n P. The rank counts take turns within each
# repetition, so that load from other processes hits them alike. Prints, per P, the median and
# the minimum of wall_seconds from result.json (setup, solve and final access; slowest rank), the
# iterations, the final residual, and the speedups over 1 rank (target on 2 ranks: 1.8).
# Usage: benchmarks/mgrit-heat.sh [reps] [extra mgrit flags...]
#   LP_RANKS="1 2"   rank counts, the first is the reference (default "1 2")
#   LP_KEEP=DIR      keep every run's output folder and log under DIR
#   LP_QUIET=1       before each run, wait (at most 10 minutes) until no other dotnet, csc or
#                    python3 process runs: on a shared machine, other jobs distort the timings
# Build first: deploy/quickstart.sh, or dotnet build src/LayerParallel.Cli -c Release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-7}
shift || true
read -r -a ranks_list <<< "${LP_RANKS:-1 2}"
dll="$root/src/LayerParallel.Cli/bin/Release/net10.0/layerparallel.dll"
[ -f "$dll" ] || { echo "error: build first: dotnet build $root/src/LayerParallel.Cli -c Release" >&2
    exit 2; }
if [ -x "$root/deploy/layerparallel" ]; then
    program=("$root/deploy/layerparallel")
else
    program=(dotnet "$dll")
fi
mpiexec=$(command -v mpiexec.mpich || command -v mpiexec) || {
    echo "error: mpiexec not found (apt-get install mpich)" >&2; exit 2; }
command -v jq >/dev/null || { echo "error: jq not found (apt-get install jq)" >&2; exit 2; }
work=${LP_KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${LP_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1

flags=(mgrit --problem heat1d --nt 8192 --nx 129 --max-levels 15 --cf 2 --nu 1 "$@")
echo "layerparallel ${flags[*]}"
echo "$reps repetitions, $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Waits until no other dotnet, csc or python3 process runs (LP_QUIET=1), for at most 10 min.
wait_quiet() {
    [ "${LP_QUIET:-0}" = 1 ] || return 0
    local waited=0
    while { pgrep -x dotnet || pgrep -x csc || pgrep -f '^[^ ]*python3'; } >/dev/null \
        && [ "$waited" -lt 600 ]; do
        sleep 2
        waited=$((waited + 2))
    done
}

declare -A times
for ((r = 1; r <= reps; r++)); do
    for p in "${ranks_list[@]}"; do
        wait_quiet
        out="$work/p$p-r$r"
        "$mpiexec" -n "$p" "${program[@]}" "${flags[@]}" --output "$out" >"$out.log" 2>&1 || {
            echo "error: run failed (ranks $p, repetition $r); log: $out.log" >&2
            cat "$out.log" >&2; exit 1; }
        times[$p]="${times[$p]:-} $(jq -r .wall_seconds "$out/result.json")"
    done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g |
    awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
minimum() { tr ' ' '\n' | sed '/^$/d' | sort -g | head -1; }
printf '%-6s %10s %10s %6s %14s %15s %12s\n' ranks median_s min_s iters residual \
    speedup_median speedup_min
base_median="" base_min=""
for p in "${ranks_list[@]}"; do
    last="$work/p$p-r$reps/result.json"
    med=$(median <<< "${times[$p]}")
    min=$(minimum <<< "${times[$p]}")
    base_median=${base_median:-$med}
    base_min=${base_min:-$min}
    printf '%-6s %10.4f %10.4f %6s %14.6e %15.2f %12.2f\n' "$p" "$med" "$min" \
        "$(jq -r .iterations "$last")" "$(jq -r .final_residual_norm "$last")" \
        "$(awk -v a="$base_median" -v b="$med" 'BEGIN{print a/b}')" \
        "$(awk -v a="$base_min" -v b="$min" 'BEGIN{print a/b}')"
done
echo "all wall_seconds:"
for p in "${ranks_list[@]}"; do echo "  $p ranks:${times[$p]}"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
