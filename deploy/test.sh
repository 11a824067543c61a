#!/usr/bin/env bash
# Installs what is missing, builds Release, runs every test project, and ends with one line:
#   N passed, N failed[, N skipped]
# Exit status: 0 when every test passed; 1 on a failed test; 2 on a set-up or build error.
# Extra arguments go to dotnet test (e.g. --filter FullyQualifiedName~Mpi).

# shellcheck source=deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT" || exit 2

ensure_packages "${RUNTIME_PACKAGES[@]}"
ensure_dotnet
find_mpiexec >/dev/null
build_release || { echo "error: the build failed" >&2; echo "0 passed, 0 failed"; exit 2; }

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
export OPENBLAS_NUM_THREADS=1

# Every test project of the solution, one after the other, each with its own TRX file, so
# that the totals cannot lose a project to a TRX name collision and the process-level tests
# do not share the two cores with another project.
mapfile -t projects < <(dotnet sln "$SOLUTION" list | grep '\.csproj$' | while read -r p; do
    if grep -q '<IsTestProject>true</IsTestProject>' "$REPO_ROOT/$p"; then echo "$p"; fi
done)
[ "${#projects[@]}" -gt 0 ] || fail "no test project in $SOLUTION"

test_status=0
for project in "${projects[@]}"; do
    name="$(basename "$project" .csproj)"
    say "testing $name"
    if ! dotnet test "$REPO_ROOT/$project" -c Release --no-build --nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
        --results-directory "$results/$name" "$@"; then
        test_status=1
    fi
    if ! ls "$results/$name"/*.trx >/dev/null 2>&1; then
        echo "error: $name left no test results (did its test host crash?)" >&2
        test_status=1
    fi
done

# Totals from the TRX files (one per test project): the Counters element of each.
counter() {
    local name="$1" sum=0 file value
    for file in "$results"/*/*.trx; do
        [ -f "$file" ] || continue
        value="$(grep -o "<Counters [^>]*" "$file" | grep -o " $name=\"[0-9]*\"" | grep -o '[0-9]*')"
        sum=$((sum + ${value:-0}))
    done
    echo "$sum"
}
passed="$(counter passed)"
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
skipped=$(( $(counter notExecuted) + $(counter inconclusive) ))

if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "error: dotnet test failed without a failed test (see above)" >&2
fi
summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
    summary="$summary, $skipped skipped"
fi
echo "$summary"
if [ "$failed" -gt 0 ] || [ "$test_status" -ne 0 ]; then
    exit 1
fi
