"""Table 1 on one GPU: every missing run of the paper's protocol, as stacked groups with CUDA graphs, side by side.

Usage: python scripts/gpu_table1.py OUT_DIR TIME_BUDGET_SECONDS
Runs that already have a record in ./results are skipped. Records are written under OUT_DIR/work/results as each
group finishes and packed into OUT_DIR/results.tar.gz every few seconds (and at the end); the log is OUT_DIR/log.txt.
DEVICE=cpu SCALE=0.001 gives a dry run of this script on a CPU (iterations scaled down, nothing skipped).
"""
import os, shutil, sys, tarfile, threading, time
from pathlib import Path
import torch
from veegan_nb.train import TrainConfig, train
from veegan_nb.data import get_dataset
from veegan_nb.stacked import StackedRun, sweep_stacked

out, budget = Path(sys.argv[1]), float(sys.argv[2])
dev = os.environ.get('DEVICE', 'cuda')
scale = float(os.environ.get('SCALE', 1))
out.mkdir(parents=True, exist_ok=True)
T0 = time.time()
logf = open(out/'log.txt', 'a')
def log(msg):
    msg = f"[{time.time() - T0:6.1f}] {msg}"
    print(msg, flush=True); logf.write(msg + '\n'); logf.flush()

res = out/'work'/'results'
res.mkdir(parents=True, exist_ok=True)
if scale == 1 and Path('results').exists(): shutil.copytree('results', res, dirs_exist_ok=True)   # finished runs are skipped
def pack():
    tmp = out/'results.tar.gz.tmp'
    with tarfile.open(tmp, 'w:gz') as t:     # what this call wrote: records and samples (not networks or checkpoints)
        t.add(res, arcname='results', filter=lambda ti: None if ti.isfile() and (ti.name.endswith(('.pt', '.ckpt', '.tmp'))
                                                                                  or ti.mtime < T0 - 1) else ti)
    tmp.replace(out/'results.tar.gz')
stop = threading.Event()
def packer():
    while not stop.wait(10): pack()
threading.Thread(target=packer, daemon=True).start()

log(f"torch {torch.__version__}, {torch.cuda.get_device_name() if dev == 'cuda' else dev}, budget {budget}s")

# 1. smoke: every method captures and trains a tiny group
tiny = TrainConfig(iterations=60, batch_size=64, nz=16, hidden=32, log_every=10)
ok = []
for m in ('veegan', 'gan', 'ali', 'unrolled', 'veegan_dae'):
    t = time.time()
    try:
        g = StackedRun(tiny.replace(method=m), [('ring', 0), ('grid', 0)], dev, chunk=20)
        while not g.done: g.advance()
        rec = g.check()
        log(f"smoke {m}: graph={g.graph is not None} {rec} {time.time() - t:.1f}s")
        ok.append(m)
    except Exception as e:
        log(f"smoke {m} FAILED: {type(e).__name__}: {e}")

# 2. Table 1, in priority order (VEEGAN first; the Unrolled GAN at its reference protocol of 25k iterations)
full, ref = TrainConfig(iterations=int(100_000*scale)), TrainConfig(iterations=int(25_000*scale))
S = range(5)
two_d = [('ring', s) for s in S] + [('grid', s) for s in S]
hi_d = [('1200d', s) for s in S]
plan = [(full.replace(method='veegan'), two_d), (full.replace(method='veegan'), hi_d),
        (full.replace(method='gan'), two_d), (full.replace(method='gan'), hi_d),
        (full.replace(method='ali'), two_d), (full.replace(method='ali'), hi_d),
        (ref.replace(method='unrolled'), two_d), (ref.replace(method='unrolled'), hi_d),
        (full.replace(method='veegan_dae'), two_d), (full.replace(method='veegan_dae'), hi_d)]
plan = [(c, r) for c, r in plan if c.method in ok and c.method in os.environ.get('METHODS', c.method).split(',')]
t = time.time()
recs = sweep_stacked(plan, res, dev, chunk=50 if scale == 1 else 10, time_budget=budget - (time.time() - T0), log=log,
                     check_every=10_000 if scale == 1 else 20)
sweep_s = time.time() - t
log(f"sweep: {len(recs)} records in {sweep_s:.1f}s")
for r in recs: log(f"{r['dataset']} {r['method']} {r['seed']}: {r['metrics']}")
pack()

if os.environ.get('SPEED', '1') == '0': stop.set(); pack(); log(f"total {time.time() - T0:.1f}s"); sys.exit()
# 3. one VEEGAN ring run alone (the plain loop of `train`, no graph) against 5 stacked with graphs, same iterations
n = int(2000*scale) or 20
if dev == 'cuda': torch.cuda.synchronize()
t = time.time(); train(TrainConfig(iterations=n), get_dataset('ring'), 0, dev, progress=False)
if dev == 'cuda': torch.cuda.synchronize()
single = time.time() - t
g = StackedRun(TrainConfig(iterations=n + 3), [('ring', s) for s in S], dev, chunk=50 if scale == 1 else 10)
g.advance(); g.check()                       # warm-up and capture, not timed
i0 = g.iteration
t = time.time()
while not g.done: g.advance()
g.check()
stacked = time.time() - t
its = g.iteration - i0
if its: log(f"speed: one run alone {n/single:.1f} it/s; 5 stacked runs {its/stacked:.1f} it/s (graph={g.graph is not None}); "
            f"5 seeds stacked vs 5 sequential runs: {5*single/n/(stacked/its):.1f}x")
stop.set(); pack()
log(f"total {time.time() - T0:.1f}s")
