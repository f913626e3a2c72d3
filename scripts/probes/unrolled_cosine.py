"""Probe: along a training run on Stacked MNIST (seed 0, full-size networks, CPU, one thread), every 50 iterations,
the cosine and norm ratio of the generator's gradient against the discriminator unrolled one Adam step versus the
plain (k = 0) gradient, on a fresh batch and noise. Prints one line per check.

Usage: python scripts/probes/unrolled_cosine.py METHOD ITERATIONS   (METHOD: unrolled or gan; VEEGAN_DATA: the data root)
"""
import sys, time, torch
from torch import nn
from torch.func import functional_call
from veegan_nb.train import STEPS, adam_unroll
from veegan_nb.theory import disc_loss
from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data
from veegan_nb.image_nets import build_image_nets

def generator_grad(nets, x, z, k):
    "The generator's non-saturating gradient (flattened) against the discriminator unrolled k Adam steps."
    x_g = nets.gen(z)
    d_loss = lambda p: disc_loss(functional_call(nets.disc, p, (x,)), functional_call(nets.disc, p, (x_g,)))
    p = adam_unroll(nets.disc, nets.opt_d, d_loss, k) if k else dict(nets.disc.named_parameters())
    g = torch.autograd.grad(nn.functional.softplus(-functional_call(nets.disc, p, (x_g,))).mean(), list(nets.gen.parameters()))
    return torch.cat([t.flatten() for t in g])

if __name__ == '__main__':
    method, its = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(1); torch.manual_seed(0)
    cfg = IMAGE_PROTOCOL.replace(method=method, unroll_steps=1)
    data = image_data('stacked_mnist'); nets = build_image_nets(cfg, 28, 'cpu', 64)
    t = time.time()
    for i in range(1, its + 1):
        out = STEPS[method](nets, data.sample(cfg.batch_size)[0], cfg)
        if i % 50: continue
        x, z = data.sample(cfg.batch_size)[0], torch.randn(cfg.batch_size, cfg.nz)
        with torch.random.fork_rng(): g0, g1 = generator_grad(nets, x, z, 0), generator_grad(nets, x, z, 1)
        print(f"{method} {i}: d_loss {float(out['d_loss']):.4f} g_loss {float(out['g_loss']):.3f}; unrolled-1 vs plain: "
              f"cosine {float(nn.functional.cosine_similarity(g0, g1, 0)):+.3f}, norm ratio {float(g1.norm()/g0.norm()):.2f} "
              f"(|plain| {float(g0.norm()):.3g}); {time.time() - t:.0f} s", flush=True)
