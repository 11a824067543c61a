#!/usr/bin/env bash
# Serial forward+backward time of LayerParallel (lp-bench serial-gradient) next to PyTorch
# (shared/bench/torch_baseline.py, found next to the repository), float64, one thread.
#
# Usage: benchmarks/torch-compare.sh [W L B]...
#   Without sizes: (8, 32, 5000), (32, 128, 1000), (64, 512, 1000).
# Environment: PYTHON (default /usr/bin/python3), LP_ARTIFACTS (build output, optional),
#   TORCH_BASELINE (path of torch_baseline.py, default ../shared/bench from the repo root).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
baseline="${TORCH_BASELINE:-$(dirname "$repo")/shared/bench/torch_baseline.py}"
project="$repo/benchmarks/LayerParallel.Benchmarks/LayerParallel.Benchmarks.csproj"

if [[ ! -f "$baseline" ]]; then
  echo "torch-compare: $baseline not found (set TORCH_BASELINE)" >&2
  exit 2
fi

sizes=("$@")
if (( ${#sizes[@]} == 0 )); then
  sizes=(8 32 5000 32 128 1000 64 512 1000)
fi
if (( ${#sizes[@]} % 3 != 0 )); then
  echo "usage: $0 [W L B]..." >&2
  exit 2
fi

if ! build_log="$(dotnet build "$project" -c Release -nologo -v quiet 2>&1)"; then
  echo "$build_log" >&2
  echo "torch-compare: building lp-bench failed" >&2
  exit 1
fi
bench="$(dotnet msbuild "$project" -nologo -getProperty:TargetPath -p:Configuration=Release)"

# Both print "...: <ms> ms per forward+backward ..."; take the number before " ms per".
ms() { sed -n 's/.*: \([0-9.]*\) ms per forward+backward.*/\1/p' | tail -n 1; }

printf '%-6s %-7s %-6s %12s %12s %14s\n' width layers batch "ours (ms)" "torch (ms)" "torch / ours"
for ((i = 0; i < ${#sizes[@]}; i += 3)); do
  w="${sizes[i]}"; l="${sizes[i + 1]}"; b="${sizes[i + 2]}"
  ours="$(dotnet "$bench" serial-gradient "$w" "$l" "$b" | ms)"
  torch="$("$python" "$baseline" "$w" "$l" "$b" 1 | ms)"
  ratio="$(awk -v t="$torch" -v o="$ours" 'BEGIN { printf "%.2f", t / o }')"
  printf '%-6s %-7s %-6s %12s %12s %14s\n' "$w" "$l" "$b" "$ours" "$torch" "$ratio"
done
