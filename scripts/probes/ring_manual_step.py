"""Probe (speed issue): how much faster is the VEEGAN ring step with a hand-written backward pass? The step below does
Algorithm 1's update for the 2D-ring networks with every gradient written out (no autograd): the joint discriminator
sees both batches as one, its input gradient is computed only for x (z needs none), and all products are single
`addmm`/`mm` calls. It first checks that its losses and gradients equal the straightforward step's on the same draws,
then times it against the package's step and the straightforward step, interleaved (medians of 7 rounds of 20 steps),
four times. Not adopted in the package: it fits only these MLPs, and gains too little (see the output kept in
results/logs/probe_ring_manual_step.txt).

Usage: python scripts/probes/ring_manual_step.py THREADS   (about a minute)
"""
import sys, torch
import torch.nn.functional as F
from veegan_nb.core import seed_everything
from veegan_nb.train import TrainConfig, build_nets, STEPS
from veegan_nb.bench import _clone, _grads, plain_step, bench_step, step_flops
from veegan_nb.stacked import replayed_noise
from veegan_nb.data import get_dataset

def _wb(m): return m.weight, m.bias

@torch.no_grad()
def manual_veegan_step(nets, x, cfg):
    "Algorithm 1 on the ring MLPs (ReLU, 2 hidden layers for G and F, 1 for D), gradients by hand; same draws as `veegan_step`."
    G, R, D = nets.gen.net, nets.recon.net, nets.disc.net
    (W1, b1), (W2, b2), (W3, b3) = _wb(G[0]), _wb(G[2]), _wb(G[4])
    (V1, c1), (V2, c2), (V3, c3) = _wb(R[0]), _wb(R[2]), _wb(R[4])
    (U1, e1), (U2, e2) = _wb(D[0]), _wb(D[2])
    n, nz = len(x), cfg.nz
    z = torch.randn(n, nz)                                                     # the draws, in veegan_step's order
    a0 = torch.cat([z, torch.randn(n, nets.gen.n_extra)], 1)
    h1 = torch.addmm(b1, a0, W1.t()).relu_(); h2 = torch.addmm(b2, h1, W2.t()).relu_(); xg = torch.addmm(b3, h2, W3.t())
    r1 = torch.addmm(c1, x, V1.t()).relu_(); r2 = torch.addmm(c2, r1, V2.t()).relu_(); zm = torch.addmm(c3, r2, V3.t())
    zg = zm + torch.randn_like(zm)
    A = torch.cat([torch.cat([z, xg], 1), torch.cat([zg, x], 1)], 0)          # both batches through D at once
    u = torch.addmm(e1, A, U1.t()).relu_(); logit = torch.addmm(e2, u, U2.t()).squeeze(1)
    d_gen, d_data = logit[:n], logit[n:]
    s1 = torch.addmm(c1, xg, V1.t()).relu_(); s2 = torch.addmm(c2, s1, V2.t()).relu_(); zr = torch.addmm(c3, s2, V3.t())
    diff = z - zr
    d_loss = F.softplus(-d_gen).mean() + F.softplus(d_data).mean()
    g_loss = d_gen.mean() + 0.5*cfg.recon_weight*diff.pow(2).sum(1).mean()
    dl = torch.cat([-torch.sigmoid(-d_gen), torch.sigmoid(d_data)]).div_(n).unsqueeze(1)    # d d_loss / d logit
    mask = u > 0
    gU2, ge2 = dl.t() @ u, dl.sum(0)
    du = (dl*U2)*mask
    gU1, ge1 = du.t() @ A, du.sum(0)
    dxg = (mask[:n]*(U2/n)) @ U1[:, nz:]                                        # d g_loss / d x_g through D (x's columns only)
    dzr = diff.mul_(-cfg.recon_weight/n)
    gV3, gc3 = dzr.t() @ s2, dzr.sum(0)
    ds2 = (dzr @ V3).mul_(s2 > 0); gV2, gc2 = ds2.t() @ s1, ds2.sum(0)
    ds1 = (ds2 @ V2).mul_(s1 > 0); gV1, gc1 = ds1.t() @ xg, ds1.sum(0)
    dxg.addmm_(ds1, V1)
    gW3, gb3 = dxg.t() @ h2, dxg.sum(0)
    dh2 = (dxg @ W3).mul_(h2 > 0); gW2, gb2 = dh2.t() @ h1, dh2.sum(0)
    dh1 = (dh2 @ W2).mul_(h1 > 0); gW1, gb1 = dh1.t() @ a0, dh1.sum(0)
    for p, g in zip((W1, b1, W2, b2, W3, b3, V1, c1, V2, c2, V3, c3, U1, e1, U2, e2),
                    (gW1, gb1, gW2, gb2, gW3, gb3, gV1, gc1, gV2, gc2, gV3, gc3, gU1, ge1, gU2, ge2)): p.grad = g
    nets.opt_d.step(); nets.opt_g.step()
    return {'d_loss': d_loss, 'g_loss': g_loss}

if __name__ == '__main__':
    torch.set_num_threads(int(sys.argv[1]))
    cfg, ds = TrainConfig(method='veegan'), get_dataset('ring')
    build = lambda: build_nets(cfg, 2)
    seed_everything(0); nets = build(); twin = _clone(nets, cfg, build)
    x, draws = ds.sample(cfg.batch_size)[0], []
    with replayed_noise(draws): a = manual_veegan_step(nets, x, cfg)
    b = plain_step('veegan', cfg)(twin, x, *draws)
    for k in a: torch.testing.assert_close(a[k], b[k], rtol=1e-5, atol=1e-5)
    for g, h in zip(_grads(nets), _grads(twin)): torch.testing.assert_close(g, h, rtol=1e-5, atol=1e-5)
    print("hand-written step: losses and gradients equal to the straightforward step's (rtol = atol = 1e-5)")
    seed_everything(0); pk = build(); man, pl = _clone(pk, cfg, build), _clone(pk, cfg, build)
    fpk, fman, fpl = (lambda: STEPS['veegan'](pk, x, cfg)), (lambda: manual_veegan_step(man, x, cfg)), (lambda: plain_step('veegan', cfg)(pl, x))
    print(f"MFLOP per step: package {step_flops(fpk)/1e6:.0f}, hand-written {step_flops(fman)/1e6:.0f}, plain {step_flops(fpl)/1e6:.0f}")
    for _ in range(4):
        t_pk, t_man = bench_step(fpk, fman, 20, 7)
        t_man2, t_pl = bench_step(fman, fpl, 20, 7)
        print(f"{torch.get_num_threads()} threads: package {1/t_pk:.1f} it/s, hand-written {1/t_man:.1f} it/s ({t_pk/t_man:.2f}x the package); "
              f"hand-written {1/t_man2:.1f} it/s, plain {1/t_pl:.1f} it/s ({t_pl/t_man2:.2f}x the plain)", flush=True)
