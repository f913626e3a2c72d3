"""Probe: can the VEEGAN ring step's random draws be made ahead, on a second thread, while the step computes? (speed issue)

The draws of one training iteration (the data batch, z, the generator's extra noise, the reconstructor's noise) come from
torch's global generator in a fixed order, so a second thread that makes them in that order, one iteration ahead, hands
the step exactly the numbers it would have drawn itself: the run's bits would not change. This probe

1. checks that claim: from the same state and generator state, the package's iteration (`ds.sample`, then
   `veegan_step`) and the same update fed with the draws made beforehand, in that order, give the same losses and the
   same parameters, bit for bit;
2. times, interleaved over rounds (medians of rounds of 50 iterations), on 1 and on 2 threads: the package's iteration;
   the update with its draws already made (what hiding the draws completely would give: the bound); and the update
   with each iteration's draws made ahead on a second Python thread (`ThreadPoolExecutor`);
3. times, interleaved in the same way, the package's iteration on 2 threads against the update on 1 thread with its
   draws made ahead on a second thread (the two cores split between computing and drawing).

Usage: python scripts/probes/ring_draw_ahead.py [ROUNDS]
Time: about a minute (run it with the cores free).
"""
import sys, statistics, torch
from concurrent.futures import ThreadPoolExecutor
from veegan_nb.bench import _setups, _time
from veegan_nb.train import veegan_step, generator_loss, simultaneous_update
from veegan_nb.theory import disc_loss
from veegan_nb.data import get_dataset
from veegan_nb.core import seed_everything

name, method, build, cfg, _ = _setups(True)[0]
ds, bs = get_dataset('ring'), cfg.batch_size

def draws():
    "One iteration's draws in the order train and veegan_step make them: batch, z, extra noise, reconstructor noise."
    x = ds.sample(bs)[0]
    return x, torch.randn(bs, cfg.nz), torch.randn(bs, cfg.n_extra), torch.randn(bs, cfg.nz)

def step_given(nets, x, z, eps, noise):
    "veegan_step with its three draws handed in (the same operations otherwise)."
    x_g = nets.gen(z, eps)
    with torch.no_grad(): z_g = nets.recon(x) + noise
    d_gen, d_data = nets.disc(z, x_g), nets.disc(z_g, x)
    d_loss = disc_loss(d_gen, d_data)
    g_loss = generator_loss(d_gen, z, nets.recon(x_g), d_data, cfg)
    simultaneous_update(nets, d_loss, g_loss)
    return {'d_loss': d_loss.detach(), 'g_loss': g_loss.detach()}

def fresh():
    seed_everything(0); return build()

def params(nets): return torch.cat([p.detach().flatten() for m in (nets.gen, nets.disc, nets.recon) for p in m.parameters()])

if __name__ == '__main__':
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    a, b = fresh(), fresh()
    torch.manual_seed(1); la = veegan_step(a, ds.sample(bs)[0], cfg)
    torch.manual_seed(1); lb = step_given(b, *draws())
    same = all(torch.equal(la[k], lb[k]) for k in la) and torch.equal(params(a), params(b))
    print(f"ring step (batch {bs}, z {cfg.nz}+{cfg.n_extra}, MLPs of {cfg.hidden}): draws made beforehand in order give "
          f"the package's losses and parameters bit for bit: {same}")
    pre = [draws() for _ in range(4)]
    for threads in (1, 2):
        torch.set_num_threads(threads)
        nets = {k: fresh() for k in ('package', 'given', 'ahead')}
        pool = ThreadPoolExecutor(1)
        def package(n=50):
            for _ in range(n): veegan_step(nets['package'], ds.sample(bs)[0], cfg)
        def given(n=50):
            for i in range(n): step_given(nets['given'], *pre[i % len(pre)])
        def ahead(n=50):
            fut = pool.submit(draws)
            for _ in range(n):
                d = fut.result(); fut = pool.submit(draws); step_given(nets['ahead'], *d)
            fut.result()   # one set of draws more than the steps use, timed too: counted against drawing ahead
        fns = {'package': package, 'given': given, 'ahead': ahead}
        for f in fns.values(): f(5)
        t = {k: [] for k in fns}
        for _ in range(rounds):
            for k, f in fns.items(): t[k].append(_time(f, 1)/50)
        m = {k: statistics.median(v) for k, v in t.items()}
        print(f"{threads} thread{'s' if threads > 1 else ''}: package {m['package']*1e3:.2f} ms per iteration; "
              f"draws already made {m['given']*1e3:.2f} ms ({m['package']/m['given']:.2f}x the package); "
              f"draws made ahead on a second thread {m['ahead']*1e3:.2f} ms ({m['package']/m['ahead']:.2f}x the package)")
        pool.shutdown()
    nets = {k: fresh() for k in ('package', 'ahead')}
    pool, t = ThreadPoolExecutor(1), {'package': [], 'ahead': []}
    def package2(n=50):
        torch.set_num_threads(2)
        for _ in range(n): veegan_step(nets['package'], ds.sample(bs)[0], cfg)
    def ahead1(n=50):
        torch.set_num_threads(1); fut = pool.submit(draws)
        for _ in range(n):
            d = fut.result(); fut = pool.submit(draws); step_given(nets['ahead'], *d)
        fut.result()
    package2(5); ahead1(5)
    for _ in range(rounds): t['package'].append(_time(package2, 1)/50); t['ahead'].append(_time(ahead1, 1)/50)
    m = {k: statistics.median(v) for k, v in t.items()}
    print(f"package on 2 threads {m['package']*1e3:.2f} ms per iteration; the step on 1 thread with its draws made ahead "
          f"on a second thread {m['ahead']*1e3:.2f} ms ({m['package']/m['ahead']:.2f}x the package on 2 threads)")
    pool.shutdown()
