#!/usr/bin/env bash
# The GPU work still open, as one call of the device tool (about 9 minutes):
#   1. the notebooks' `#| cuda` cells (scripts/run_cells.py: nbdev and IPython are not installed there), beside 2.;
#   2. the image runs (scripts/gpu_images.py: Stacked MNIST and CIFAR-10, the four methods, records along the way).
# (Table 1 is complete; its GPU script, scripts/gpu_table1.py, re-runs missing records when there are any.)
# Here, before the call: fastcore's wheel in .whl/; MNIST in .data/mnist/mnist.npz, CIFAR-10's first training file in
# .data/cifar10/data_batch_1.npz and the first 1,000 test images in .data/cifar10/test_batch.npz (what fits the 64 MiB
# the device tool carries; all in .git/info/exclude). The call: command `bash scripts/gpu_session.sh`, carry
# [".whl", ".data"]. What comes back: cuda_cells.txt, results.tar.gz (records, log), nets_*.tar (seed 0's networks).
# The recon_weight variant of VEEGAN (notebook 16) at GPU length: prefix the command with
# `RECON_WEIGHT=0.02 METHODS=veegan SM_SEEDS=0,1,2,3,4 C_SEEDS=` and unpack its records into variants/h200/recon_weight/w_0.02/ (the GPU records, apart from the CPU ones).
# Both variants in one call: `RECON_WEIGHT=0.02 UNROLL_SCALE=0.1 METHODS=veegan,unrolled SM_SEEDS=0,1,2,3,4
# SM_SEEDS_UNROLLED=0,1 C_SEEDS=` (each method's records under its own name).
# The unroll_scale variant of the Unrolled GAN (notebook 16): `UNROLL_SCALE=0.1 METHODS=unrolled`, records into
# variants/h200/unroll_scale/s_0.1/.
# TIMING=1: first, alone on the GPU (about a minute), the speed notebook's `#| cuda` cells: image batches copied to the
# GPU with and without waiting for it, timed (cuda_timing.txt; recorded in notebook 15 from results/logs/gpu_cuda_timing_h200.txt).
# The same cells also time every step in float32 against bfloat16 mixed precision on the GPU (`bench_precision`, not yet
# run there). Image runs in bfloat16 (`PRECISION=bf16`, a setting, not the protocol of results/): records into
# variants/h200/precision/bf16/.
# DETERMINISM=1: first (about 3 minutes), whether GPU runs give their bits again with `--deterministic` and what it costs
# (scripts/gpu_determinism.py: DCGAN and VEEGAN on Stacked MNIST, 500 iterations, two runs each way, then `veegan reproduce`;
# determinism.txt, to keep as results/logs/gpu_determinism_h200.txt). DETERMINISTIC=1 makes the image runs so too.
# Algorithm 1 alone, five seeds (notebook 16, records in gpu_runs/h200_algorithm1/): `IMG_BUDGET=440 METHODS=veegan
# SM_SEEDS=0,1,2,3,4 C_SEEDS=`.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD VEEGAN_DATA=$PWD/.data PYTHONUNBUFFERED=1
if [ "${DETERMINISM:-0}" = 1 ]; then
    OMP_NUM_THREADS=2 timeout 240 python3 scripts/gpu_determinism.py /tmp/det "${DET_ITERS:-500}" > "$OUT/determinism.txt" 2>&1
    grep -v '^    ' "$OUT/determinism.txt" | tail -8
fi
if [ "${TIMING:-0}" = 1 ]; then
    OMP_NUM_THREADS=2 timeout 180 python3 scripts/run_cells.py --flags cuda nbs/15_bench.ipynb > "$OUT/cuda_timing.txt" 2>&1
    grep -v '^ ' "$OUT/cuda_timing.txt" | tail -4
fi
OMP_NUM_THREADS=2 timeout 300 python3 scripts/run_cells.py --flags cuda nbs/05_train.ipynb nbs/08_stacked.ipynb > "$OUT/cuda_cells.txt" 2>&1 &
# records packed straight into $OUT as they come, so a call cut off by the tool's limit still returns them
PACK_DIR="$OUT" python3 scripts/gpu_images.py /tmp/img "${IMG_BUDGET:-470}"
wait; cat "$OUT/cuda_cells.txt" | grep -v '^ ' | tail -5
ls -la "$OUT"
