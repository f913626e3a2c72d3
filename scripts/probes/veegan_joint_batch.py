"""Probe: VEEGAN on Stacked MNIST (seed 0, IMAGE_PROTOCOL, CPU, one thread) with the joint discriminator evaluated
(a) on generated and data pairs separately, as `veegan_step` does, or (b) on both in one batch, so that batch norm's
statistics mix them (a question about the noisy background VEEGAN's samples show). Writes run records (one near
half way) under OUT/<mode>, then prints, for each record's networks, modes/KL raw and with the background cleared
(pixels below -0.3 set to -1; 10,000 samples), the mean pixel and 1/2 |z - F(G(z))|^2.

Usage: python scripts/probes/veegan_joint_batch.py MODE ITERATIONS OUT   (MODE: separate or joint; VEEGAN_DATA: data root)
"""
import sys, torch
from veegan_nb import train as T
from veegan_nb.theory import disc_loss, veegan_loss
from veegan_nb.image_runner import run_image, generate_images, IMAGE_PROTOCOL
from veegan_nb.runner import load_nets, EVAL_SEED_OFFSET
from veegan_nb.classifier import load_classifier, stacked_modes, mode_stats

def veegan_step_one_batch(nets, x, cfg):
    "Algorithm 1 with D evaluated once on the generated and data pairs together."
    z = T.prior_sample(nets, x, cfg)
    x_g = nets.gen(z)
    with torch.no_grad(): z_g = nets.recon.sample(x)
    d = nets.disc(torch.cat([z, z_g]), torch.cat([x_g, x]))
    d_gen, d_data = d[:len(z)], d[len(z):]
    d_loss, g_loss = disc_loss(d_gen, d_data), veegan_loss(d_gen, z, nets.recon(x_g))
    T.simultaneous_update(nets, d_loss, g_loss)
    return {'d_loss': d_loss.detach(), 'g_loss': g_loss.detach()}

@torch.no_grad()
def diagnose(path, clf, n=10_000):
    nets = load_nets(path)
    x = generate_images(nets, n, EVAL_SEED_OFFSET)
    nets.gen.eval(); z = torch.randn(1000, nets.gen.nz, generator=torch.Generator().manual_seed(0))
    return {'raw': mode_stats(stacked_modes(x, clf)), 'cleared': mode_stats(stacked_modes(torch.where(x < -0.3, -1., x), clf)),
            'mean_pixel': round(float(x.mean()), 3), 'z_recon': round(float(0.5*(z - nets.recon(nets.gen(z))).pow(2).sum(1).mean()), 2)}

if __name__ == '__main__':
    mode, its, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    torch.set_num_threads(1)
    if mode == 'joint': T.STEPS['veegan'] = veegan_step_one_batch
    cfg = IMAGE_PROTOCOL.replace(iterations=its)
    half = its//2//cfg.log_every*cfg.log_every                # records are made at logged steps
    rec = run_image('stacked_mnist', 'veegan', 0, cfg, f'{out}/{mode}', 'cpu',
                    progress=False, checkpoint_every=250, record_every=half, monitor_every=0)
    clf = load_classifier()
    for p in [f'{out}/{mode}/intermediate/it{half}/stacked_mnist/veegan/seed0.pt', f'{out}/{mode}/stacked_mnist/veegan/seed0.pt']:
        print(mode, p, diagnose(p, clf), flush=True)
