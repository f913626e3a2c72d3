"""Probe: how large is the Unrolled GAN's second-order term next to its first-order one, on Stacked MNIST? Along a run
(METHOD 'unrolled': the package's step; 'unrolled_first_order': the run that learns, see unrolled_small_disc.py) with
the discriminator narrowed to WIDTH (16: 0.27 million parameters; 64: the package's), every 50 iterations and on that
iteration's batch and noise, the generator's gradient is split into
  g1: through the unrolled discriminator's parameters held fixed (the generated batch detached inside the unroll),
  g2: the rest, through the discriminator's K unrolled Adam updates (the second-order term; g1 + g2 is the package's),
and their norms, the cosine between them, the cosine of g1 and of g1 + g2 with the plain DCGAN gradient (K = 0), and the
fraction of generated pixels at the ends of the generator's tanh (|x| > 0.99, where its gradient vanishes; the data
batch's fraction beside it) are printed.
Seed 0, CPU, one thread, 5 unrolling steps (STEPS); the runs are those of unrolled_small_disc.py (the probe's own
draws are undone, so the run draws the same noise as without it).

Usage: python scripts/probes/unrolled_second_order.py WIDTH ITERATIONS [METHOD=unrolled_first_order|unrolled] [STEPS=5]   (VEEGAN_DATA: the data root)
Time (WIDTH 16, 1,000 iterations, two probes at once): about 10 minutes for the Unrolled GAN, 4 for the first-order run.
"""
import sys, time, torch
from torch import nn
from torch.func import functional_call
from veegan_nb import train as T
from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data
from veegan_nb.image_nets import build_image_nets
from veegan_nb.train import make_nets
from veegan_nb.classifier import load_classifier
sys.path.insert(0, str(__import__('pathlib').Path(__file__).parent))
from unrolled_small_disc import narrow_disc, first_order_unrolled_step

def split_gradient(nets, x, z, k):
    "(g1, g2, g0, saturated): the generator's gradient through the unrolled discriminator held fixed, the second-order rest, the plain one, and the fraction of generated pixels at the tanh's ends (|x| > 0.99)."
    x_g = nets.gen(z)
    def d_loss(p, fake): return T.disc_loss(functional_call(nets.disc, p, (x,)), functional_call(nets.disc, p, (fake,)))
    def g_of(params):
        g = torch.autograd.grad(nn.functional.softplus(-functional_call(nets.disc, params, (x_g,))).mean(), list(nets.gen.parameters()), retain_graph=True)
        return torch.cat([t.flatten() for t in g])
    full = g_of(T.adam_unroll(nets.disc, nets.opt_d, lambda p: d_loss(p, x_g), k))
    first = g_of({n: v.detach() for n, v in T.adam_unroll(nets.disc, nets.opt_d, lambda p: d_loss(p, x_g.detach()), k).items()})
    plain = g_of(dict(nets.disc.named_parameters()))
    return first, full - first, plain, float((x_g.detach().abs() > 0.99).float().mean())

if __name__ == '__main__':
    width, its = int(sys.argv[1]), int(sys.argv[2])
    method = sys.argv[3] if len(sys.argv) > 3 else 'unrolled_first_order'
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    torch.set_num_threads(1); torch.manual_seed(0)
    cfg = IMAGE_PROTOCOL.replace(method='unrolled', unroll_steps=k)
    data, _ = image_data('stacked_mnist'), load_classifier()      # as unrolled_small_disc.py draws them: the same runs
    nets = build_image_nets(cfg, 28, 'cpu', 64)
    if width != 64: nets = make_nets(cfg, nets.gen, narrow_disc(width), None)
    print(f"{method} ({k} unrolling steps), discriminator width {width}: {sum(p.numel() for p in nets.disc.parameters()):,} parameters", flush=True)
    step, t = first_order_unrolled_step if method == 'unrolled_first_order' else T.STEPS[method], time.time()
    cos = lambda a, b: float(nn.functional.cosine_similarity(a, b, 0))
    for i in range(1, its + 1):
        x = data.sample(cfg.batch_size)[0]
        if i % 50 == 0 or i == 1:
            state = torch.get_rng_state()
            g1, g2, g0, sat = split_gradient(nets, x, T.prior_sample(nets, x, cfg), k)
            torch.set_rng_state(state)          # the run itself draws the same noise as without the probe
            line = (f"|g1| {g1.norm():.3g} |g2| {g2.norm():.3g} ratio {g2.norm()/g1.norm():.3g}; cos(g1, g2) {cos(g1, g2):+.3f}; "
                    f"cos with plain: g1 {cos(g1, g0):+.3f}, g1+g2 {cos(g1 + g2, g0):+.3f}; saturated pixels {sat:.3f} (data batch {float((x.abs() > 0.99).float().mean()):.3f})")
        out = step(nets, x, cfg)
        if i % 50 == 0 or i == 1:
            print(f"{i}: d_loss {float(out['d_loss']):.4f} g_loss {float(out['g_loss']):.3f}; {line}; {time.time() - t:.0f} s", flush=True)
