"""VEEGAN on Stacked MNIST with a weight on the noise autoencoder term (`recon_weight`, not the paper's: it has none)
on the CPU: IMAGE_PROTOCOL with recon_weight = W, one thread, a record every 1,000 iterations (seed: SEED, default 0).
Records (and networks) go to OUT/w_<W>/; notebook 16 reads them from variants/recon_weight/.

Usage: python scripts/stacked_recon_weight.py W ITERATIONS OUT [SEED]   (VEEGAN_DATA: the data root)
"""
import sys, torch
from veegan_nb.image_runner import run_image, IMAGE_PROTOCOL

if __name__ == '__main__':
    w, its, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    torch.set_num_threads(1)
    rec = run_image('stacked_mnist', 'veegan', seed, IMAGE_PROTOCOL.replace(iterations=its, recon_weight=float(w)), f'{out}/w_{w}',
                    'cpu', progress=False, checkpoint_every=500, record_every=1000, monitor_every=0)
    print(w, seed, rec['metrics'], rec['final_losses'], round(rec['wall_seconds']), flush=True)
