"""Stacked MNIST runs on one GPU: the four methods x seeds through `run_image`, several runs at a time in processes.

Usage: python scripts/gpu_images.py OUT_DIR TIME_BUDGET_SECONDS
Environment (defaults in brackets): ITERS [10000] iterations per run; SEEDS [0,1,2,3,4]; METHODS [veegan,gan,ali,unrolled];
JOBS [6] runs at once, each in its own process; NGF [64] generator width; DEVICE [cuda]; WORK [OUT_DIR/work] where runs
are written; VEEGAN_DATA: the data root
(MNIST's mnist.npz under <root>/mnist). TINY=1 is a dry run on any device (tiny networks and iterations).

Records go to WORK/results as runs finish and are packed, with the log, into OUT_DIR/results.tar.gz every few
seconds; the networks of seed 0 (one file per method: the generator, with the reconstructor or encoder for VEEGAN and
ALI) into OUT_DIR/gen_<method>.tar.gz (the device tool returns at most
8 files of 16 MiB). Runs that the budget cuts off are lost (their checkpoints are too large to bring back).
"""
import os, sys, tarfile, threading, time
from concurrent.futures import ProcessPoolExecutor, wait, FIRST_COMPLETED
from pathlib import Path
import multiprocessing

import torch


def job(args):
    "One run in a worker process: train, score, record; keep only the generator (and reconstructor) beside the record."
    method, seed, iters, ngf, dev, res, threads, tiny = args
    torch.set_num_threads(threads)
    from veegan_nb.image_runner import run_image, IMAGE_PROTOCOL
    from veegan_nb.runner import record_path, load_nets, save_nets
    from veegan_nb.train import TrainConfig
    cfg = IMAGE_PROTOCOL.replace(iterations=iters)
    extra = {}
    if tiny: cfg, extra = cfg.replace(batch_size=8, nz=16, hidden=32, recon_pretrain=2, log_every=5), {'n_eval': 300}
    t = time.time()
    rec = run_image('stacked_mnist', method, seed, cfg, res, dev, progress=False, checkpoint_every=max(iters//4, 1), ngf=ngf, **extra)
    p = record_path(res, 'stacked_mnist', method, seed).with_suffix('.pt')
    st = torch.load(p, weights_only=False, map_location='cpu')
    keep = ['gen', 'recon'] if method in ('veegan', 'ali') else ['gen']      # the reconstructor / encoder: inference figure
    if st.get('parts') != keep:
        save_nets(p, load_nets(p), TrainConfig.from_dict(st['config']), parts=tuple(keep), size=st['size'], ngf=st['ngf'])
    return method, seed, rec['metrics'], rec['wall_seconds'], time.time() - t


def main():
    out, budget = Path(sys.argv[1]), float(sys.argv[2])
    T0 = time.time()
    env = os.environ.get
    iters, ngf, dev, tiny = int(env('ITERS', 10_000)), int(env('NGF', 64)), env('DEVICE', 'cuda'), env('TINY') == '1'
    seeds = [int(s) for s in env('SEEDS', '0,1,2,3,4').split(',')]
    methods = env('METHODS', 'veegan,gan,ali,unrolled').split(',')
    jobs = int(env('JOBS', 6))
    if tiny: iters, ngf = min(iters, 20), 8
    out.mkdir(parents=True, exist_ok=True)
    res = Path(env('WORK', out/'work'))/'results'; res.mkdir(parents=True, exist_ok=True)
    logf = open(out/'log.txt', 'a')
    def log(msg):
        msg = f"[{time.time() - T0:6.1f}] {msg}"
        print(msg, flush=True); logf.write(msg + '\n'); logf.flush()
    def pack():
        tmp = out/'results.tar.gz.tmp'
        with tarfile.open(tmp, 'w:gz') as t:
            t.add(res, arcname='results', filter=lambda ti: None if ti.name.endswith(('.pt', '.ckpt', '.tmp')) else ti)
            t.add(out/'log.txt', arcname='log.txt')
        tmp.replace(out/'results.tar.gz')
        for m in methods:
            g = res/'stacked_mnist'/m/'seed0.pt'
            if g.exists() and (res/'stacked_mnist'/m/'seed0.json').exists() and not (out/f'gen_{m}.tar.gz').exists():
                with tarfile.open(out/f'gen_{m}.tar.gz', 'w:gz') as t: t.add(g, arcname=f'results/stacked_mnist/{m}/seed0.pt')
    stop = threading.Event()
    def packer():
        while not stop.wait(15): pack()
    threading.Thread(target=packer, daemon=True).start()

    name = torch.cuda.get_device_name() if dev.startswith('cuda') else dev
    log(f"torch {torch.__version__}, {name}, budget {budget}s: {methods} x seeds {seeds}, {iters} iterations, ngf {ngf}, {jobs} jobs")
    # speed probe, one process: iterations per second of each method's step at full size (for sizing ITERS and JOBS)
    from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data
    from veegan_nb.image_nets import build_image_nets
    from veegan_nb.train import STEPS
    data = image_data('stacked_mnist')
    for m in methods:
        cfg = IMAGE_PROTOCOL.replace(method=m)
        nets = build_image_nets(cfg, 28, dev, ngf)
        x = data.sample(cfg.batch_size)[0].to(dev)
        for k in range(13):
            if k == 3:
                if dev.startswith('cuda'): torch.cuda.synchronize()
                t = time.time()
            STEPS[m](nets, x, cfg)
        if dev.startswith('cuda'): torch.cuda.synchronize()
        rate = 10/(time.time() - t)
        log(f"probe {m}: {rate:.1f} it/s alone; {iters} iterations alone ≈ {iters/rate:.0f}s")
    del data
    threads = max(1, (os.cpu_count() or 2)//jobs)
    todo = [(m, s, iters, ngf, dev, res, threads, tiny) for s in seeds for m in methods]   # every method's seed 0 first
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context('spawn'))
    futs = {pool.submit(job, a): a[:2] for a in todo}
    pending = set(futs)
    while pending:
        left = budget - (time.time() - T0) - 20
        if left <= 0: break
        done, pending = wait(pending, timeout=min(left, 30), return_when=FIRST_COMPLETED)
        for f in done:
            try:
                m, s, metrics, wall, total = f.result()
                log(f"{m} seed {s}: {metrics} (training {wall:.0f}s, with scoring {total:.0f}s)")
            except Exception as e:
                log(f"{futs[f]} FAILED: {type(e).__name__}: {e}")
    if pending:
        log(f"budget reached: {len(pending)} runs not finished: {sorted(futs[f] for f in pending)}")
        for p in pool._processes.values(): p.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    stop.set(); pack()
    log(f"total {time.time() - T0:.1f}s")


if __name__ == '__main__': main()
