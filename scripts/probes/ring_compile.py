"""Probe: does torch.compile pay for the VEEGAN ring step on the CPU? (speed issue)

The package's step (`veegan_step`, eager) against the same update compiled with `torch.compile` (inductor): the two
players' losses as a function of the parameters and the step's draws, both gradients taken inside the compiled
function with `torch.func.vjp` (one vector-Jacobian product per player, so the compiled graph holds only the backward
work each needs), then the package's fused Adam steps. The draws are made outside the compiled function, as the eager
step makes them. Checks first that the compiled update gives the package's losses and gradients on the same state
and draws, then times it against the eager step and the straightforward step of the benchmark, interleaved as
`bench_step` does (medians of 5 rounds of 20 steps), for THREADS threads.

Usage: python scripts/probes/ring_compile.py [THREADS=2] [ROUNDS=3]
Time: about a minute (up to half of it compiling, less when inductor's cache already holds the graph).
"""
import sys, time, torch
from torch.func import functional_call, vjp
from veegan_nb.core import seed_everything
from veegan_nb.data import get_dataset
from veegan_nb.train import TrainConfig, build_nets, make_nets, STEPS
from veegan_nb.theory import disc_loss, veegan_loss
from veegan_nb.stacked import replayed_noise
from veegan_nb.bench import plain_step, _clone, bench_step

def compiled_step(nets, cfg):
    "A VEEGAN step for `nets` with its losses and gradients compiled; draws made eagerly; returns step(x, draws=None)."
    mods = (nets.gen, nets.recon, nets.disc)
    def losses(gp, rp, dp, z, eps, noise, x):
        x_g = functional_call(nets.gen, gp, (z, eps))
        z_g = (functional_call(nets.recon, rp, (x,)) + noise).detach()
        d_gen, d_data = functional_call(nets.disc, dp, (z, x_g)), functional_call(nets.disc, dp, (z_g, x))
        return disc_loss(d_gen, d_data), veegan_loss(d_gen, z, functional_call(nets.recon, rp, (x_g,)))
    def grads(gp, rp, dp, z, eps, noise, x):
        (d_loss, g_loss), f = vjp(lambda gp, rp, dp: losses(gp, rp, dp, z, eps, noise, x), gp, rp, dp)
        one, zero = torch.ones_like(d_loss), torch.zeros_like(d_loss)
        dg = f((one, zero))[2]
        gg, rg, _ = f((zero, one))
        return d_loss, g_loss, gg, rg, dg
    cgrads = torch.compile(grads)
    params = [dict(m.named_parameters()) for m in mods]
    def step(x, draws=None):
        z, eps, noise = draws if draws is not None else (torch.randn(len(x), cfg.nz), torch.randn(len(x), cfg.n_extra), torch.randn(len(x), cfg.nz))
        d_loss, g_loss, *gs = cgrads(*params, z, eps, noise, x)
        for p, g in zip(params, gs):
            for k in p: p[k].grad = g[k]
        nets.opt_d.step(); nets.opt_g.step()
        return {'d_loss': d_loss.detach(), 'g_loss': g_loss.detach()}
    return step

if __name__ == '__main__':
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(threads)
    cfg, x = TrainConfig(), get_dataset('ring').sample(500)[0]
    build = lambda: build_nets(cfg, 2)
    seed_everything(0); nets = build()
    comp_nets, twin = _clone(nets, cfg, build), _clone(nets, cfg, build)
    comp_nets = make_nets(cfg, comp_nets.gen, comp_nets.disc, comp_nets.recon)   # fused Adam, as the package's
    step = compiled_step(comp_nets, cfg)
    t = time.perf_counter()
    draws = []
    with replayed_noise(draws): a = STEPS['veegan'](nets, x, cfg)                # the package's step and its draws
    b = step(x, draws)
    print(f"first compiled call (compiling): {time.perf_counter() - t:.0f} s")
    for k in a: torch.testing.assert_close(a[k], b[k], rtol=1e-5, atol=1e-5)
    for m, n in ((nets.gen, comp_nets.gen), (nets.recon, comp_nets.recon), (nets.disc, comp_nets.disc)):
        for p, q in zip(m.parameters(), n.parameters()): torch.testing.assert_close(p.grad, q.grad, rtol=1e-4, atol=1e-5)
    print("compiled step: same losses and gradients as the package's step")
    plain = plain_step('veegan', cfg)
    for r in range(rounds):
        e, c = bench_step(lambda: STEPS['veegan'](nets, x, cfg), lambda: step(x))
        e2, p = bench_step(lambda: STEPS['veegan'](nets, x, cfg), lambda: plain(twin, x))
        print(f"round {r + 1}, {threads} threads: package (eager) {1/e:.1f} it/s, compiled {1/c:.1f} it/s ({e/c:.2f}x the package); "
              f"package {1/e2:.1f} it/s, straightforward {1/p:.1f} it/s ({p/e2:.2f}x)", flush=True)
