#!/usr/bin/env bash
# One command from a fresh clone to a trained network:
#   installs what is missing (Debian: MPICH, OpenBLAS, Fashion-MNIST), checks the .NET SDK,
#   builds Release, then runs the main job below. Safe to run again; asks nothing.
#
# Usage: deploy/quickstart.sh [extra train flags...]
#   LP_RANKS=P   ranks of the main job (default: MAIN_RANKS below)
#   LP_BUILD=0   skip the build (use the existing Release build)

# ---------------------------------------------------------------------------------------------
# MAIN JOB: layer-parallel training on Fashion-MNIST (60k training, 10k test images), two
# ranks, each owning 16 of the 32 residual layers. About 20 s of training on 2 cores; test
# accuracy about 0.87 (README, "Main job"). Results go to runs/quickstart/.
MAIN_RANKS=2
MAIN_JOB=(
    train
    --dataset fashion-mnist
    --width 32 --layers 32 --final-time 2
    --epochs 5 --batch-size 64 --learning-rate 0.002
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
