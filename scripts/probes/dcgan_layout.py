"""Probe: can the DCGAN Stacked MNIST step run its convolutions faster on the CPU? (speed issue)

The package's DCGAN step (`gan_step`, Table 2's networks, batch 64) is at the speed issue's target only by the work it
saves (1.29x less than the straightforward step); its convolutions already run near the machine's matrix-product peak.
Two ways to run the same products faster, both exact in arithmetic but not in rounding, so that adopting either would
change the bits of every stored CPU record:

1. channels_last: networks and batch in NHWC memory format (oneDNN's preferred layout), the whole step timed against
   the package's (NCHW) step, interleaved (`bench_step`), after checking that the two agree to float tolerance from the same state;
2. the discriminator's last convolution (256 -> 512 channels, 4x4 -> 2x2, 5x5 kernel, stride 2, padding 2) spends over
   half of its multiply-adds on the zero padding: computed instead as four matrix products over the taps that fall on
   the image (49% of the multiply-adds), forward and backward, against conv2d on the same input.

Usage: python scripts/probes/dcgan_layout.py [THREADS=2] [ROUNDS=5]
Time: about two minutes on 2 CPU cores.
"""
import sys
import torch
import torch.nn.functional as F
from veegan_nb.core import seed_everything
from veegan_nb.train import TrainConfig, STEPS, make_nets
from veegan_nb.image_nets import build_image_nets
from veegan_nb.bench import _clone, _grads, bench_step

def channels_last_probe(cfg, rounds):
    build = lambda: build_image_nets(cfg, 28)
    seed_everything(0); nets = build(); x = torch.rand(cfg.batch_size, 3, 28, 28)*2 - 1
    cl = _clone(nets, cfg, build)
    cl = make_nets(cfg, cl.gen.to(memory_format=torch.channels_last), cl.disc.to(memory_format=torch.channels_last), None)
    xc = x.contiguous(memory_format=torch.channels_last)
    torch.manual_seed(1); a = STEPS['gan'](nets, x, cfg)
    torch.manual_seed(1); b = STEPS['gan'](cl, xc, cfg)                    # the same draws
    loss_diff = max(float((a[k] - b[k]).abs()) for k in a)
    grad_diff = max(float((g - h).abs().max()/(g.abs().max() + 1e-12)) for g, h in zip(_grads(nets), _grads(cl)))
    same = all(torch.equal(g, h) for g, h in zip(_grads(nets), _grads(cl)))
    print(f"channels_last: losses differ by at most {loss_diff:.1e}, gradients by at most {grad_diff:.1e} of their largest entry; "
          f"bit for bit: {same}")
    fa, fb = (lambda: STEPS['gan'](nets, x, cfg)), (lambda: STEPS['gan'](cl, xc, cfg))
    for _ in range(2): fa(); fb()
    for r in range(rounds):
        ta, tb = bench_step(fa, fb, n=5, rounds=3, warmup=0)      # interleaved, medians of 3
        print(f"round {r + 1}: package (NCHW) {1/ta:.2f} it/s, channels_last {1/tb:.2f} it/s ({ta/tb:.2f}x the package)")

def _window(i, n=4):
    "Input rows (or columns) seen by output position i of a 5x5, stride-2, padding-2 convolution, and the kernel taps on them."
    lo, hi = 2*i - 2, 2*i + 2
    a, b = max(lo, 0), min(hi, n - 1)
    return slice(a, b + 1), slice(a - lo, b - lo + 1)

def trimmed_conv(x, w):
    "The 4x4 -> 2x2 convolution as four matrix products over the taps that fall on the image."
    outs = []
    for i in range(2):
        ri, rk = _window(i)
        for j in range(2):
            ci, ck = _window(j)
            outs.append(x[:, :, ri, ci].reshape(len(x), -1) @ w[:, :, rk, ck].reshape(len(w), -1).t())
    return torch.stack(outs, -1).view(len(x), len(w), 2, 2)

def last_conv_probe(rounds):
    torch.manual_seed(0)
    x = torch.randn(64, 256, 4, 4, requires_grad=True); w = (torch.randn(512, 256, 5, 5)*0.02).requires_grad_()
    conv = lambda x, w: F.conv2d(x, w, stride=2, padding=2)
    g = torch.randn(64, 512, 2, 2)
    def fwd_bwd(f): return torch.autograd.grad(f(x, w), (x, w), g)
    a, b = fwd_bwd(conv), fwd_bwd(trimmed_conv)
    diff = max(float((u - v).abs().max()/u.abs().max()) for u, v in zip(a, b))
    print(f"last convolution without its padded taps: gradients differ by at most {diff:.1e} of their largest entry")
    for r in range(rounds):
        tc, tt = bench_step(lambda: fwd_bwd(conv), lambda: fwd_bwd(trimmed_conv), n=10, rounds=3, warmup=1)
        print(f"round {r + 1}: conv2d forward+backward {tc*1e3:.1f} ms, four products {tt*1e3:.1f} ms ({tc/tt:.2f}x conv2d)")

if __name__ == '__main__':
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.set_num_threads(threads)
    print(f"{threads} threads, torch {torch.__version__}")
    channels_last_probe(TrainConfig(method='gan', lr_g=2e-4, lr_d=2e-4, batch_size=64, nz=100), rounds)
    last_conv_probe(rounds)
