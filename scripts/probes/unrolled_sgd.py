"""Probe: the Unrolled GAN on Stacked MNIST (seed 0, full-size networks, CPU, one thread) with the discriminator
unrolled by plain gradient steps (learning rate LR) instead of Adam steps, everything else as `unrolled_step`. Prints
the discriminator's and generator's losses every 25 iterations (compare: with the Adam unroll the discriminator's loss
stays at most 0.0034 up to iteration 400, with DCGAN it is 0.048 at 100; results/logs/probe_unrolled_cosine_*.txt).

Usage: python scripts/probes/unrolled_sgd.py LR ITERATIONS [UNROLL_STEPS=1]   (VEEGAN_DATA: the data root)
"""
import sys, time, torch
from veegan_nb import train as T
from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data
from veegan_nb.image_nets import build_image_nets

def sgd_unroll(lr):
    "An `adam_unroll` stand-in: `steps` differentiable plain gradient steps of size lr."
    def unroll(disc, opt, loss_fn, steps):
        params = dict(disc.named_parameters())
        for _ in range(steps):
            grads = torch.autograd.grad(loss_fn(params), list(params.values()), create_graph=True)
            params = {n: p - lr*g for (n, p), g in zip(params.items(), grads)}
        return params
    return unroll

if __name__ == '__main__':
    lr, its, k = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(1); torch.manual_seed(0)
    T.adam_unroll = sgd_unroll(lr)             # unrolled_step looks the function up at call time
    cfg = IMAGE_PROTOCOL.replace(method='unrolled', unroll_steps=k)
    data = image_data('stacked_mnist'); nets = build_image_nets(cfg, 28, 'cpu', 64)
    t = time.time()
    for i in range(1, its + 1):
        out = T.unrolled_step(nets, data.sample(cfg.batch_size)[0], cfg)
        if i % 25 == 0: print(f"SGD unroll lr {lr:g}, {k} step(s), {i}: d_loss {float(out['d_loss']):.4f} g_loss {float(out['g_loss']):.3f}; {time.time() - t:.0f} s", flush=True)
