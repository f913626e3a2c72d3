"""Probe: how much of the VEEGAN ring step (the speed issue's protocol: z 254+1, MLPs of 128, batch 500) is drawing its
random numbers. Times, interleaved over rounds (medians), the package's step, the benchmark's straightforward step,
and the step's draws alone (z, the generator's extra noise, the reconstructor's noise: torch.randn of the same shapes,
from the same generator). Prints the three times and what the speedup would be with the draws taken out of both.

Usage: python scripts/probes/ring_noise_share.py [THREADS]
"""
import sys, statistics, time, torch
from veegan_nb.bench import _setups, _clone, plain_step, bench_step
from veegan_nb.train import STEPS
from veegan_nb.core import seed_everything

if __name__ == '__main__':
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    name, method, build, cfg, data = _setups(True)[0]
    seed_everything(0); nets = build(); x = data()
    twin, plain = _clone(nets, cfg, build), plain_step(method, cfg)
    bs, nz, ne = cfg.batch_size, cfg.nz, cfg.n_extra
    def draws(): torch.randn(bs, nz); torch.randn(bs, ne); torch.randn(bs, nz)
    def fast(): STEPS[method](nets, x, cfg)
    def pl(): plain(twin, x)
    rounds = [(bench_step(fast, pl, 20, 5), bench_step(draws, draws, 20, 5)[0]) for _ in range(3)]
    f, p, d = (statistics.median(v) for v in zip(*[(a, b, c) for (a, b), c in rounds]))
    print(f"package step {f*1e3:.2f} ms, straightforward {p*1e3:.2f} ms (speedup {p/f:.2f}); the draws alone {d*1e3:.2f} ms "
          f"({d/f:.0%} of the package step); without the draws the speedup would be {(p - d)/(f - d):.2f}")
