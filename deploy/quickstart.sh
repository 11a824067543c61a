#!/usr/bin/env bash
# One command from a fresh clone to a trained network:
#   installs what is missing (Debian: MPICH, OpenBLAS, Fashion-MNIST), checks the .NET SDK,
#   builds Release, then runs the main job below. Safe to run again; asks nothing.
#
# Usage: deploy/quickstart.sh [extra train flags...]
#   LP_RANKS=P   ranks of the main job (default: MAIN_RANKS below)
#   LP_BUILD=0   skip the build (use the existing Release build)

# ---------------------------------------------------------------------------------------------
# MAIN JOB (provisional: the training configuration will be settled with the train command).
# A short layer-parallel run on Fashion-MNIST; results go to runs/quickstart/.
MAIN_RANKS=2
MAIN_JOB=(
    train
    --dataset fashion-mnist
    --train-samples 5000 --validation-samples 1000
    --layers 32 --width 16 --epochs 2 --batch-size 32
    --backend mgrit
    --output runs/quickstart
)
# ---------------------------------------------------------------------------------------------

# shellcheck source=deploy/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT" || exit 2

ensure_packages "${RUNTIME_PACKAGES[@]}"
ensure_dotnet
MPIEXEC="$(find_mpiexec)"
if [ "${LP_BUILD:-1}" != 0 ]; then
    build_release
fi

ranks="${LP_RANKS:-$MAIN_RANKS}"
say "running: $MPIEXEC -n $ranks deploy/layerparallel ${MAIN_JOB[*]} $*"
exec "$MPIEXEC" -n "$ranks" "$REPO_ROOT/deploy/layerparallel" "${MAIN_JOB[@]}" "$@"
