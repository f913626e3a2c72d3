#!/usr/bin/env bash
# The GPU work still open, as one call of the device tool (about 9 minutes; the budgets below are seconds):
#   1. the notebooks' `#| cuda` cells (scripts/run_cells.py: nbdev and IPython are not installed there);
#   2. the missing runs of Table 1 (scripts/gpu_table1.py; T1_METHODS, default veegan_dae; records already in results/ are skipped);
#   3. the Stacked MNIST runs (scripts/gpu_images.py; ITERS, SEEDS, METHODS, JOBS as that script reads them).
# Here, before the call: fastcore's wheel in .whl/ and MNIST in .data/mnist/mnist.npz (both in .git/info/exclude);
# the call: command `bash scripts/gpu_session.sh`, carry [".whl", ".data"]. Everything returned is under $OUT (8 files).
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD VEEGAN_DATA=$PWD/.data PYTHONUNBUFFERED=1
python3 scripts/run_cells.py --flags cuda nbs/05_train.ipynb nbs/08_stacked.ipynb > "$OUT/cuda_cells.txt" 2>&1
tail -3 "$OUT/cuda_cells.txt"
SPEED=0 METHODS=${T1_METHODS:-veegan_dae} python3 scripts/gpu_table1.py /tmp/t1 "${T1_BUDGET:-200}" | tail -5
cp /tmp/t1/results.tar.gz "$OUT/t1_results.tar.gz"; cp /tmp/t1/log.txt "$OUT/t1_log.txt"
WORK=/tmp/img_work python3 scripts/gpu_images.py /tmp/img "${IMG_BUDGET:-300}" | tail -25
cp /tmp/img/results.tar.gz "$OUT/img_results.tar.gz"; cp /tmp/img/gen_*.tar.gz "$OUT/" 2>/dev/null
ls -la "$OUT"
