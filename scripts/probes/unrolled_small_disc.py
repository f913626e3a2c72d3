"""Probe: does the Unrolled GAN learn on Stacked MNIST when its discriminator is narrower? Metz et al. (2017) shrank the
discriminator for their Stacked MNIST runs; here Table 3's convolutions (64-128-256-512) are cut to WIDTH-2·WIDTH-4·WIDTH-
8·WIDTH channels, everything else as `unrolled_step` under IMAGE_PROTOCOL (5 Adam unrolling steps unless STEPS is given;
METHOD 'gan' runs DCGAN with the same narrow discriminator). Seed 0, CPU, one thread. Prints the losses every 50
iterations and, every 250, modes and KL of 2,600 samples (a tenth of the paper's 26,000) by the package's classifier.

Usage: python scripts/probes/unrolled_small_disc.py WIDTH ITERATIONS [METHOD=unrolled] [STEPS=5]   (VEEGAN_DATA: the data root)
Time: WIDTH 16, 1,000 iterations: about 35 minutes (Unrolled GAN, 5 steps).
"""
import sys, time, torch
from torch import nn
from veegan_nb import train as T
from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data, generate_images
from veegan_nb.image_nets import build_image_nets
from veegan_nb.train import make_nets
from veegan_nb.classifier import load_classifier, stacked_modes, mode_stats

def narrow_disc(width:int, size:int=28, channels:int=3) -> nn.Module:
    "Table 3's discriminator with `width`·(1, 2, 4, 8) channels in place of 64·(1, 2, 4, 8)."
    layers, c = [], channels
    for i, out in enumerate(width*m for m in (1, 2, 4, 8)):
        layers.append(nn.Conv2d(c, out, 5, 2, 2, bias=i == 0))
        if i: layers.append(nn.BatchNorm2d(out))
        layers.append(nn.LeakyReLU(0.2))
        c = out
    class D(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv, self.fc = nn.Sequential(*layers, nn.Flatten()), nn.Linear(8*width*((size + 15)//16)**2, 1)
        def forward(self, x): return self.fc(self.conv(x)).squeeze(1)
    return D()

if __name__ == '__main__':
    width, its = int(sys.argv[1]), int(sys.argv[2])
    method = sys.argv[3] if len(sys.argv) > 3 else 'unrolled'
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    torch.set_num_threads(1); torch.manual_seed(0)
    cfg = IMAGE_PROTOCOL.replace(method=method, unroll_steps=k)
    data, clf = image_data('stacked_mnist'), load_classifier()
    nets = build_image_nets(cfg, 28, 'cpu', 64)
    nets = make_nets(cfg, nets.gen, narrow_disc(width), None)
    print(f"{method} ({k} unrolling steps), discriminator width {width}: {sum(p.numel() for p in nets.disc.parameters()):,} parameters", flush=True)
    t, step = time.time(), T.STEPS[method]
    for i in range(1, its + 1):
        out = step(nets, data.sample(cfg.batch_size)[0], cfg)
        if i % 50 == 0:
            line = f"{i}: d_loss {float(out['d_loss']):.4f} g_loss {float(out['g_loss']):.3f}"
            if i % 250 == 0: line += f"; {mode_stats(stacked_modes(generate_images(nets, 2600, 1), clf))}"
            print(line + f"; {time.time() - t:.0f} s", flush=True)
