"""Probe: does the package's current code make the same ring run as the code that made a stored Table 1 record?

`veegan reproduce results/ring/veegan/seed0.json` (notebook 10) re-made the 2026-11-25 CPU record of VEEGAN on the
ring, seed 0, with other bits. The record names neither its CPU nor its package's commit. This probe trains the
record's config from seed 0 with the package of another commit (a git worktree, put first on `sys.path` by PYTHONPATH)
and prints the last logged losses and the metrics, so that the package at the record's commit and at the head can be
compared on one host with one thread count; run with worktrees of two neighbouring commits, it tells which changed the bits
(the log also holds 200-iteration runs of 2f590ab and f0a48c5, the commits on either side of the change).

Usage (a worktree of the commit that stood beside the record, ff86e62, at /tmp/old):
    git worktree add /tmp/old ff86e62
    PYTHONPATH=/tmp/old python scripts/probes/ring_code_repro.py ITERATIONS THREADS
    python scripts/probes/ring_code_repro.py ITERATIONS THREADS          # the package of this checkout

Time on 2 threads: under a minute per 2,000 iterations; 100,000 iterations took 19 minutes with the package at
ff86e62 (2026-11-28, beside other jobs at times; `veegan reproduce` of the record, with this package, 32 minutes).
"""
import json, subprocess, sys, tempfile
from pathlib import Path
import torch
import veegan_nb
from veegan_nb.runner import run
from veegan_nb.train import TrainConfig

iterations, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
pkg = Path(veegan_nb.__file__).parent
commit = subprocess.run(['git', '-C', str(pkg), 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
with tempfile.TemporaryDirectory() as d:
    r = run('ring', 'veegan', 0, TrainConfig(iterations=iterations), d, 'cpu', progress=False)   # the record's config: the defaults
print(json.dumps({'package': str(pkg), 'commit': commit, 'iterations': iterations, 'threads': threads,
                  'final_losses': r['final_losses'], 'metrics': r['metrics']}))
