"""Probe: the DCGAN step's convolutions, one by one (the Table-3 discriminator's 5x5 stride-2 layers at batch 64 on
Stacked MNIST sizes): forward time, and the weight and input gradients of `aten::convolution_backward` (what
PyTorch's CPU backend, oneDNN here, does in training), beside a weight gradient computed as unfold + one matrix product.
Medians of a few calls, in ms. (Speed issue: is any layer's backward an outlier worth replacing?)

Usage: python scripts/probes/conv_backward.py [THREADS]
"""
import sys, time, torch
import torch.nn.functional as F

def ms(f, n=5):
    f(); ts = []
    for _ in range(n): t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[n//2]*1e3

def wgrad_unfold(x, g, k=5, s=2, p=2):
    "The weight gradient of a k×k convolution as unfold + one matrix product: (out, in*k*k)."
    cols = F.unfold(x, k, padding=p, stride=s)                                   # (N, in*k*k, L)
    N, K, L = cols.shape
    return g.flatten(2).transpose(0, 1).reshape(g.shape[1], N*L) @ cols.transpose(1, 2).reshape(N*L, K)

if __name__ == '__main__':
    torch.set_grad_enabled(False)
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    for cin, cout, hw in [(3, 64, 28), (64, 128, 14), (128, 256, 7), (256, 512, 4)]:
        conv, x = torch.nn.Conv2d(cin, cout, 5, 2, 2, bias=False), torch.randn(64, cin, hw, hw)
        g = torch.randn_like(conv(x))
        bw = lambda mask: torch.ops.aten.convolution_backward(g, x, conv.weight, None, [2, 2], [2, 2], [1, 1], False, [0, 0], 1, mask)
        ref = bw([False, True, False])[1]
        err = float((wgrad_unfold(x, g).view_as(ref) - ref).abs().max()/ref.abs().max())
        print(f"{cin}->{cout} at {hw}x{hw}: forward {ms(lambda: conv(x)):.2f} ms, weight grad {ms(lambda: bw([False, True, False])):.2f}, "
              f"input grad {ms(lambda: bw([True, False, False])):.2f}, weight grad by unfold {ms(lambda: wgrad_unfold(x, g)):.2f} "
              f"(relative difference {err:.0e})", flush=True)
