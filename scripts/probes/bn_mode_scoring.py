"""Probe: does Algorithm 1 score one mode on Stacked MNIST because samples are drawn with batch norm in eval mode? (image issue)

The runner scores a generator from samples drawn in eval mode (`generate_images`: batch norm with its running
statistics). Training draws in train mode (each batch normalised by its own statistics). If the two differed, a
generator could cover the modes in training and still score one. This probe scores kept networks both ways: eval mode
(batches of 1,000), train mode in batches of 64 (training's batch size) and of 1,000; 6,000 or 6,400 samples each, from
the same seeded noise, with the package's classifier. Networks: any `run_image` kept (`seed<k>.pt`), given as arguments.

Usage: python scripts/probes/bn_mode_scoring.py NETS.pt [NETS.pt ...]
Time: about two minutes a network on one CPU thread.
"""
import sys, torch
from veegan_nb.runner import load_nets
from veegan_nb.classifier import stacked_modes, load_classifier, mode_stats

torch.set_num_threads(1)
clf = load_classifier(device='cpu')

@torch.no_grad()
def samples(nets, n:int, train:bool, bs:int):
    "n // bs batches of bs samples, batch norm in train or eval mode, from noise seeded 123."
    nets.gen.train(train); g = torch.Generator().manual_seed(123)
    return torch.cat([nets.gen(torch.randn(bs, nets.gen.nz, generator=g)) for _ in range(n//bs)])

for p in sys.argv[1:]:
    nets = load_nets(p)
    for train, bs in ((False, 1000), (True, 64), (True, 1000)):
        x = samples(nets, 6400 if bs == 64 else 6000, train, bs)
        print(f"{p}: {'train' if train else 'eval'} mode, batches of {bs}: {len(x)} samples, "
              f"{mode_stats(stacked_modes(x, clf))}, mean pixel {x.mean():.2f}", flush=True)
