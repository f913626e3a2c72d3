"""Probe: how far one unrolled discriminator step moves the discriminator, on Stacked MNIST (seed 0, full-size networks,
CPU, one thread). Along a DCGAN run, at the given iterations: the discriminator's mean logit on the batch's generated
images before and after one differentiable Adam step (`adam_unroll`, the Unrolled GAN's) and one plain gradient step of
size 1; the per-parameter RMS of the discriminator's gradient; and the first-order prediction of the logit change
(Adam moves each of the ~4.3 million parameters by about the learning rate, so the change is about lr times the
gradient's L1 norm; a plain step's is lr times its squared L2 norm).

Usage: python scripts/probes/unroll_step_size.py ITERATION [ITERATION ...]   (VEEGAN_DATA: the data root)
"""
import sys, torch
from torch.func import functional_call
from veegan_nb.train import gan_step, adam_unroll
from veegan_nb.theory import disc_loss
from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data
from veegan_nb.image_nets import build_image_nets

if __name__ == '__main__':
    checks = sorted(int(a) for a in sys.argv[1:])
    torch.set_num_threads(1); torch.manual_seed(0)
    cfg = IMAGE_PROTOCOL.replace(method='gan'); data = image_data('stacked_mnist'); nets = build_image_nets(cfg, 28, 'cpu', 64)
    for i in range(1, checks[-1] + 1):
        gan_step(nets, data.sample(cfg.batch_size)[0], cfg)
        if i not in checks: continue
        with torch.random.fork_rng():
            x = data.sample(cfg.batch_size)[0]
            x_g = nets.gen(torch.randn(cfg.batch_size, cfg.nz)).detach()
            dl = lambda p: disc_loss(functional_call(nets.disc, p, (x,)), functional_call(nets.disc, p, (x_g,)))
            p0 = dict(nets.disc.named_parameters())
            g = torch.autograd.grad(dl(p0), list(p0.values()))
            flat = torch.cat([t.flatten() for t in g])
            logit = lambda p: float(functional_call(nets.disc, p, (x_g,)).detach().mean())
            adam = adam_unroll(nets.disc, nets.opt_d, dl, 1)
            sgd = {n: p - 1.0*gi for (n, p), gi in zip(p0.items(), g)}
            print(f"DCGAN iteration {i}: mean logit on generated images {logit(p0):+.2f}; after one Adam step {logit(adam):+.2f}, "
                  f"after one plain step of size 1 {logit(sgd):+.2f}; gradient RMS per parameter {float(flat.pow(2).mean().sqrt()):.2e}, "
                  f"lr x L1 norm {cfg.lr_d*float(flat.abs().sum()):.2f}", flush=True)
