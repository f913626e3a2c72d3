"""Probe: does the Unrolled GAN learn on Stacked MNIST when its discriminator is narrower? Metz et al. (2017) shrank the
discriminator for their Stacked MNIST runs; here Table 3's convolutions (64-128-256-512) are cut to WIDTH-2·WIDTH-4·WIDTH-
8·WIDTH channels, everything else as `unrolled_step` under IMAGE_PROTOCOL (5 Adam unrolling steps unless STEPS is given;
METHOD 'gan' runs DCGAN with the same narrow discriminator, 'unrolled_first_order' the Unrolled GAN without the
second-order term, 'unrolled_minimax' the Unrolled GAN with the reference code's minimax generator loss; WIDTH 64 with
batch norm is the package's own discriminator; UNROLL_SCALE scales the step size inside the unroll (the package's `unroll_scale`); 'nobn' drops the discriminator's batch norm). Seed SEED (default 0), CPU, one thread. Prints the losses every 50
iterations and, every 250, modes and KL of 2,600 samples (a tenth of the paper's 26,000) by the package's classifier,
drawn as the runner draws them (generator in eval mode) and in train mode (batch norm on batches of 64, as in training).

Usage: python scripts/probes/unrolled_small_disc.py WIDTH ITERATIONS [METHOD=unrolled|gan|unrolled_first_order|unrolled_minimax] [STEPS=5] [bn|nobn] [UNROLL_SCALE=1] [SEED=0]   (VEEGAN_DATA: the data root)
Time (WIDTH 16, 1,000 iterations, with other jobs running): about 15 minutes for the Unrolled GAN, 4 for DCGAN.
"""
import sys, time, torch
from torch import nn
from veegan_nb import train as T
from veegan_nb.image_runner import IMAGE_PROTOCOL, image_data, generate_images
from veegan_nb.image_nets import build_image_nets
from veegan_nb.train import make_nets
from veegan_nb.classifier import load_classifier, stacked_modes, mode_stats

def probe_unrolled_step(first_order:bool=False, minimax:bool=False):
    "`unrolled_step` with the generated batch detached inside the unroll (first_order: the generator's gradient keeps the unrolled discriminator but drops the path through its updates, the second-order term), or with the reference code's generator loss (minimax: minus the discriminator's whole loss, data and generated terms, at the unrolled parameters; Metz et al.'s demo notebook minimises `-unrolled_loss`) in place of the non-saturating loss on generated samples."
    def step(nets, x, cfg):
        z = T.prior_sample(nets, x, cfg)
        x_g = nets.gen(z)
        def d_loss_fn(params, fake): return T.disc_loss(T.functional_call(nets.disc, params, (x,)), T.functional_call(nets.disc, params, (fake,)))
        d_loss = d_loss_fn(dict(nets.disc.named_parameters()), x_g.detach())
        inside = x_g.detach() if first_order else x_g
        unrolled = T.adam_unroll(nets.disc, nets.opt_d, lambda p: d_loss_fn(p, inside), cfg.unroll_steps, cfg.unroll_scale)
        if first_order: unrolled = {k: v.detach() for k, v in unrolled.items()}
        g_loss = -d_loss_fn(unrolled, x_g) if minimax else nn.functional.softplus(-T.functional_call(nets.disc, unrolled, (x_g,))).mean()
        T.simultaneous_update(nets, d_loss, g_loss)
        return {'d_loss': d_loss.detach(), 'g_loss': g_loss.detach()}
    return step

first_order_unrolled_step, minimax_unrolled_step = probe_unrolled_step(first_order=True), probe_unrolled_step(minimax=True)

def narrow_disc(width:int, size:int=28, channels:int=3, bn:bool=True) -> nn.Module:
    "Table 3's discriminator with `width`·(1, 2, 4, 8) channels in place of 64·(1, 2, 4, 8) (and, with bn False, no batch norm)."
    layers, c = [], channels
    for i, out in enumerate(width*m for m in (1, 2, 4, 8)):
        layers.append(nn.Conv2d(c, out, 5, 2, 2, bias=i == 0 or not bn))
        if i and bn: layers.append(nn.BatchNorm2d(out))
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
    bn = (sys.argv[5] if len(sys.argv) > 5 else 'bn') == 'bn'
    scale = float(sys.argv[6]) if len(sys.argv) > 6 else 1.0
    seed = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    torch.set_num_threads(1); torch.manual_seed(seed)
    if scale != 1 and method != 'unrolled': raise SystemExit('UNROLL_SCALE applies to METHOD unrolled only')
    cfg = IMAGE_PROTOCOL.replace(method=method.replace('_first_order', '').replace('_minimax', ''), unroll_steps=k, unroll_scale=scale)
    data, clf = image_data('stacked_mnist'), load_classifier()
    nets = build_image_nets(cfg, 28, 'cpu', 64)
    if width != 64 or not bn: nets = make_nets(cfg, nets.gen, narrow_disc(width, bn=bn), None)
    print(f"{method} ({k} unrolling steps{f', step size inside the unroll x{scale:g}' if scale != 1 else ''}), discriminator width {width}{'' if bn else ', no batch norm'}{f', seed {seed}' if seed else ''}: {sum(p.numel() for p in nets.disc.parameters()):,} parameters", flush=True)
    t, step = time.time(), {'unrolled_first_order': first_order_unrolled_step, 'unrolled_minimax': minimax_unrolled_step}.get(method) or T.STEPS[method]
    for i in range(1, its + 1):
        out = step(nets, data.sample(cfg.batch_size)[0], cfg)
        if i % 50 == 0:
            line = f"{i}: d_loss {float(out['d_loss']):.4f} g_loss {float(out['g_loss']):.3f}"
            if i % 250 == 0:
                line += f"; eval mode {mode_stats(stacked_modes(generate_images(nets, 2600, 1), clf))}"
                kept = {k: v.clone() for k, v in nets.gen.state_dict().items()}     # train-mode batch norm updates its running stats
                with torch.no_grad(): x = torch.cat([nets.gen(torch.randn(64, cfg.nz, generator=torch.Generator().manual_seed(j))) for j in range(41)])
                nets.gen.load_state_dict(kept)
                line += f"; train mode (batches of 64) {mode_stats(stacked_modes(x, clf))}"
            print(line + f"; {time.time() - t:.0f} s", flush=True)
