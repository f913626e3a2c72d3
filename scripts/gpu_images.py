"""Image runs on one GPU within a time budget: Stacked MNIST and CIFAR-10, the four methods x seeds through `run_image`,
each run in its own process, all at once, each leaving scored records along the way.

Usage: python scripts/gpu_images.py OUT_DIR TIME_BUDGET_SECONDS
Environment (defaults in brackets):
  SM_SEEDS [0,1] Stacked MNIST seeds; C_SEEDS [0] CIFAR-10 seeds ('' for none); METHODS [veegan,gan,ali,unrolled];
  SM_SEEDS_<METHOD> (e.g. SM_SEEDS_UNROLLED=0,1) Stacked MNIST seeds for that method alone [SM_SEEDS];
  ITERS [100000] the planned length of every run (IMAGE_PROTOCOL); SM_EVERY [2500], C_EVERY [5000] iterations between
  records; C_TRAIN [10000] CIFAR-10 training images (the first ones: what fits the device tool's 64 MiB);
  NGF [64]; DEVICE [cuda]; RECON_WEIGHT [1] VEEGAN's `recon_weight` (a variant, not the paper's: its records belong under
  variants/h200/recon_weight/w_<W>/, not results/); UNROLL_SCALE [1] the Unrolled GAN's `unroll_scale` (a variant, not Metz
  et al.'s: its records belong under variants/h200/unroll_scale/s_<S>/); PRECISION [fp32] every run's `precision` (bf16:
  mixed precision, not the protocol of results/: its records belong under variants/h200/precision/bf16/); DETERMINISTIC [0]
  1: every run with `use_deterministic` (notebook 6: the same bits again on the same GPU and software) instead of
  cudnn.benchmark; VEEGAN_DATA: the data root (mnist/mnist.npz, cifar10/data_batch_1.npz, cifar10/test_batch.npz).
  PACK_DIR [OUT_DIR] where results.tar.gz and nets_*.tar are written (the device call's $OUT: what comes back);
  TINY=1: a dry run on any device (tiny networks, 40 iterations, records every 20).

The budget cuts every run at the same time; what is kept is each run's records along the way (`run_image`'s
`record_every`, under WORK/results/intermediate/it<N>): a record at iteration N is the record of an N-iteration run
(tested in nbs/14_image_runner.ipynb). Every few seconds the records and the log are packed into
PACK_DIR/results.tar.gz. At the end, for each dataset, the generators (and reconstructors / encoders) of seed 0 at the
last iteration each method reached go into PACK_DIR/nets_<dataset>_<k>.tar (two methods a file: the device tool returns
at most 8 files of 16 MiB). The Unrolled GAN records 5 times as often (its step costs several plain ones).
"""
import json, os, sys, tarfile, threading, time
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path
import multiprocessing

import torch


def job(args):
    "One run in a worker process: `run_image` with records along the way; runs until it ends or is killed."
    dataset, method, seed, iters, every, ngf, dev, res, tiny, c_train, recon_weight, unroll_scale, precision = args
    torch.set_num_threads(1)
    if os.environ.get('DETERMINISTIC') == '1':                  # before this process's first CUDA computation
        from veegan_nb.runner import use_deterministic
        use_deterministic()
    else: torch.backends.cudnn.benchmark = True
    from veegan_nb.image_runner import run_image, IMAGE_PROTOCOL
    cfg = IMAGE_PROTOCOL.replace(iterations=iters, precision=precision, **({'recon_weight': recon_weight} if method == 'veegan' else {}),
                                 **({'unroll_scale': unroll_scale} if method == 'unrolled' else {}))
    extra = {'n_eval': 26_000} if dataset == 'stacked_mnist' else {'ivom_images': 1000, 'train_images': c_train}
    if tiny:
        cfg = cfg.replace(batch_size=8, nz=16, hidden=32, recon_pretrain=2, log_every=5)
        extra = {'n_eval': 300} if dataset == 'stacked_mnist' else {'ivom_images': 4, 'ivom_steps': 5, 'train_images': c_train}
    t = time.time()
    rec = run_image(dataset, method, seed, cfg, res, dev, progress=False, checkpoint_every=iters, ngf=ngf,
                    monitor_every=0, record_every=every, **extra)
    return dataset, method, seed, rec['metrics'], time.time() - t


def main():
    out, budget = Path(sys.argv[1]), float(sys.argv[2])
    T0 = time.time()
    env = os.environ.get
    seeds = lambda k, d: [int(s) for s in env(k, d).split(',') if s != '']
    methods = env('METHODS', 'veegan,gan,ali,unrolled').split(',')
    iters, ngf, dev, tiny = int(env('ITERS', 100_000)), int(env('NGF', 64)), env('DEVICE', 'cuda'), env('TINY') == '1'
    every = {'stacked_mnist': int(env('SM_EVERY', 2500)), 'cifar10': int(env('C_EVERY', 5000))}
    c_train = int(env('C_TRAIN', 10_000))
    recon_weight = float(env('RECON_WEIGHT', 1))
    unroll_scale = float(env('UNROLL_SCALE', 1))
    precision = env('PRECISION', 'fp32')
    if tiny: iters, ngf, every = 40, 8, {'stacked_mnist': 20, 'cifar10': 20}
    runs = {m: [('stacked_mnist', s) for s in seeds(f'SM_SEEDS_{m.upper()}', env('SM_SEEDS', '0,1'))]
               + [('cifar10', s) for s in seeds('C_SEEDS', '0')] for m in methods}
    out.mkdir(parents=True, exist_ok=True)
    pack_dir = Path(env('PACK_DIR', out)); pack_dir.mkdir(parents=True, exist_ok=True)
    res = out/'work'/'results'; res.mkdir(parents=True, exist_ok=True)
    inter = res/'intermediate'
    logf = open(out/'log.txt', 'a')
    def log(msg):
        msg = f"[{time.time() - T0:6.1f}] {msg}"
        print(msg, flush=True); logf.write(msg + '\n'); logf.flush()
    def records(): return sorted(inter.glob('it*/*/*/seed*.json')) + sorted(res.glob('*/*/seed*.json'))
    def pack():
        tmp = pack_dir/'results.tar.gz.tmp'
        with tarfile.open(tmp, 'w:gz') as t:
            for p in records(): t.add(p, arcname=str(Path('results')/p.relative_to(res)))
            t.add(out/'log.txt', arcname='log.txt')
        tmp.replace(pack_dir/'results.tar.gz')
    seen, stop = set(), threading.Event()
    def watcher():
        while not stop.wait(10):
            for p in records():
                if p not in seen:
                    seen.add(p); r = json.loads(p.read_text())
                    log(f"record {r['dataset']} {r['method']} seed {r['seed']} at {r['iterations']}: {r['metrics']} ({r['wall_seconds']:.0f}s)")
            pack()
    threading.Thread(target=watcher, daemon=True).start()

    name = torch.cuda.get_device_name() if dev.startswith('cuda') else dev
    log(f"torch {torch.__version__}, {name}, budget {budget}s: {methods} x {runs}, planned {iters} iterations, records every {every}, "
        f"ngf {ngf}, CIFAR-10 train images {c_train}, VEEGAN recon_weight {recon_weight}, Unrolled GAN unroll_scale {unroll_scale}, precision {precision}, one process per run, "
        f"{'deterministic algorithms' if env('DETERMINISTIC') == '1' else 'cudnn.benchmark'}")
    todo = [(d, m, s, iters, every[d]//5 if m == 'unrolled' and not tiny else every[d], ngf, dev, res, tiny, c_train, recon_weight, unroll_scale, precision)
            for m in methods for d, s in runs[m]]                   # the Unrolled GAN's step costs several plain ones: records 5x as often
    pool = ProcessPoolExecutor(len(todo), mp_context=multiprocessing.get_context('spawn'))
    futs = {pool.submit(job, a): a[:3] for a in todo}
    done, pending = wait(futs, timeout=max(budget - (time.time() - T0), 1))
    for f in done:
        try: log(f"finished {f.result()}")
        except Exception as e: log(f"{futs[f]} FAILED: {type(e).__name__}: {e}")
    if pending:
        log(f"budget reached: {len(pending)} runs stopped")
        for p in pool._processes.values(): p.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    stop.set(); time.sleep(1)
    for p in records():
        if p not in seen: seen.add(p); log(f"record {p.relative_to(res)}")
    # seed 0's networks at the last iteration each method reached (two methods a file)
    last = {}
    for d in ('stacked_mnist', 'cifar10'):
        for m in methods:
            its = [int(q.name[2:]) for q in inter.glob('it*') if (q/d/m/'seed0.pt').exists()]
            if its: last[d, m] = max(its)
        found = [m for m in methods if (d, m) in last]
        if found: log(f"{d}: networks of seed 0 at iterations {[(m, last[d, m]) for m in found]}")
        for k in range(0, len(found), 2):
            with tarfile.open(pack_dir/f'nets_{d}_{k//2}.tar', 'w') as t:
                for m in found[k:k + 2]:
                    n = last[d, m]; t.add(inter/f'it{n}'/d/m/'seed0.pt', arcname=f'results/intermediate/it{n}/{d}/{m}/seed0.pt')
    pack()
    log(f"total {time.time() - T0:.1f}s")


if __name__ == '__main__': main()
