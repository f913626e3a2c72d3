"""Probe: what does one iteration of the `gen_steps = 2` variant cost against Algorithm 1's on Stacked MNIST? (image issue)

Times `veegan_step` on the image protocol (`IMAGE_PROTOCOL`: batch 64, the DCGAN generator of width 64, the joint
discriminator of Table 3, the MLP reconstructor) with `gen_steps` 1 and 2, interleaved (`bench_step`: medians of
5 rounds of 10 steps), on one CPU thread, with a fixed batch of random images in [-1, 1]. The two runs' networks are
built one after the other, so their initial weights differ; only their shapes matter to the timing.

Usage: python scripts/probes/gen_steps_cost.py
Time: about two minutes on one CPU thread (run it with the cores free).
"""
import torch
from veegan_nb.image_runner import IMAGE_PROTOCOL
from veegan_nb.image_nets import build_image_nets
from veegan_nb.train import veegan_step
from veegan_nb.bench import bench_step

torch.set_num_threads(1); torch.manual_seed(0)
cfg1 = IMAGE_PROTOCOL.replace(method='veegan'); cfg2 = cfg1.replace(gen_steps=2)
a, b = build_image_nets(cfg1), build_image_nets(cfg2)
x = torch.rand(cfg1.batch_size, 3, 28, 28)*2 - 1
t2, t1 = bench_step(lambda: veegan_step(b, x, cfg2), lambda: veegan_step(a, x, cfg1), n=10, rounds=5)
print(f"one thread, batch {cfg1.batch_size}: Algorithm 1 {t1*1e3:.0f} ms per iteration, gen_steps = 2 {t2*1e3:.0f} ms; "
      f"ratio {t2/t1:.2f}")
