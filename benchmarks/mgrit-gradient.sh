#!/usr/bin/env bash
# One gradient evaluation: serial backprop vs layer-parallel MGRIT on 1 and 2 ranks.
# Prints medians, the 1→2-rank parallel efficiency T1/(2·T2) and MGRIT(1 rank)/serial.
# Usage: benchmarks/mgrit-gradient.sh [reps]   (build first: deploy/quickstart.sh or dotnet build -c Release)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench="$here/benchmarks/LayerParallel.Benchmarks/bin/Release/net10.0/lp-bench.dll"
[ -f "$bench" ] || { echo "build first: dotnet build $here/benchmarks/LayerParallel.Benchmarks -c Release" >&2; exit 2; }
reps=${1:-10}
export OPENBLAS_NUM_THREADS=1
median() { sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'; }
printf '%-6s %-6s %12s %12s %12s %10s %12s\n' width layers serial_ms mgrit1_ms mgrit2_ms eff_1to2 mgrit1/serial
for width in 8 32; do
  for layers in 32 128 512; do
    s=$(dotnet "$bench" gradient --backend serial --width $width --layers $layers --batch 1000 --reps $reps | median)
    m1=$("${MPIEXEC:-mpiexec}" -n 1 dotnet "$bench" gradient --backend mgrit --width $width --layers $layers --batch 1000 --reps $reps 2>/dev/null | median)
    m2=$("${MPIEXEC:-mpiexec}" -n 2 dotnet "$bench" gradient --backend mgrit --width $width --layers $layers --batch 1000 --reps $reps 2>/dev/null | median)
    eff=$(awk -v a="$m1" -v b="$m2" 'BEGIN{printf "%.0f%%", 100*a/(2*b)}')
    ratio=$(awk -v a="$m1" -v b="$s" 'BEGIN{printf "%.2f", a/b}')
    printf '%-6s %-6s %12s %12s %12s %10s %12s\n' $width $layers "$s" "$m1" "$m2" "$eff" "$ratio"
  done
done
