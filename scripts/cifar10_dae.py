"""VEEGAN+DAE on CIFAR-10 (the paper's Figure 5 variant) on the CPU: seed 0, IMAGE_PROTOCOL with dae_weight = LAMBDA,
the first 10,000 training images, IvOM over the first 1,000 test images, one thread, a record at half way.
Records (and networks) go to OUT/lambda_<LAMBDA>/; notebook 16 reads them from variants/veegan_dae/.

Usage: python scripts/cifar10_dae.py LAMBDA ITERATIONS OUT   (VEEGAN_DATA: the data root)
"""
import sys, torch
from veegan_nb.image_runner import run_image, IMAGE_PROTOCOL

if __name__ == '__main__':
    lam, its, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    torch.set_num_threads(1)
    rec = run_image('cifar10', 'veegan_dae', 0, IMAGE_PROTOCOL.replace(iterations=its, dae_weight=float(lam)), f'{out}/lambda_{lam}',
                    'cpu', progress=False, checkpoint_every=250, record_every=its//2, monitor_every=0, train_images=10000)
    print(lam, rec['metrics'], rec['final_losses'], round(rec['wall_seconds']), flush=True)
