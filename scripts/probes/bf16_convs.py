"""Probe: where does bfloat16 mixed precision pay in the discriminator's convolutions on this CPU? (speed issue)

`precision='bf16'` makes the Stacked MNIST steps about 1.3x faster here (notebook 15). For each of Table 3's four
convolutions (5x5, stride 2, padding 2; batch 64), forward and forward+backward (gradients of input and weight), in
float32 and under bfloat16 autocast, NCHW; and for the last one (256 -> 512 channels on a 4x4 map) also computed as one
dense matrix product (its 4x4 -> 2x2 map written out as a 4096 x 2048 matrix built from the kernel by slicing; exact in
arithmetic, checked against conv2d), in both precisions. Medians of 5 rounds of 10 calls.

Usage: python scripts/probes/bf16_convs.py [THREADS]   (about a minute; run with nothing else computing)
Output kept in results/logs/probe_bf16_convs.txt.
"""
import sys, time, statistics, torch, torch.nn.functional as F

def t(fn, n=10):
    "Median milliseconds per call over 5 rounds of n calls, after one warm-up call."
    fn(); ts = []
    for _ in range(5):
        s = time.perf_counter()
        for _ in range(n): fn()
        ts.append((time.perf_counter() - s)/n)
    return 1e3*statistics.median(ts)

def dense_conv(x, w):
    "The last convolution (4x4 -> 2x2, 5x5 kernel, stride 2, padding 2) as one matrix product."
    O, C = w.shape[:2]
    wp = F.pad(w, (0, 1, 0, 1))                                              # kernel taps 0..5, tap 5 zero
    W = torch.stack([wp[:, :, a:a+4, b:b+4] for a in (2, 0) for b in (2, 0)], 1)   # (O, 4 outputs, C, 4, 4)
    return (x.flatten(1) @ W.reshape(O*4, C*16).t()).view(-1, O, 2, 2)

def main(threads=2):
    torch.set_num_threads(threads)
    print(f"{threads} threads, torch {torch.__version__}, cpu_capability {torch.backends.cpu.get_cpu_capability()}")
    torch.manual_seed(0)
    for ci, co, s in [(3, 64, 28), (64, 128, 14), (128, 256, 7), (256, 512, 4)]:
        x = torch.randn(64, ci, s, s, requires_grad=True); w = torch.randn(co, ci, 5, 5, requires_grad=True)
        g = torch.randn(64, co, (s + 1)//2, (s + 1)//2)
        ways = [('conv2d', lambda: F.conv2d(x, w, None, 2, 2))] + ([('dense', lambda: dense_conv(x, w))] if s == 4 else [])
        if s == 4:
            with torch.no_grad(): ref, alt = F.conv2d(x, w, None, 2, 2), dense_conv(x, w)
            print(f"dense product against conv2d (float32): largest difference {float((alt - ref).abs().max()/ref.abs().max()):.1e} of the largest output")
        for name, f in ways:
            res = []
            for ac in (False, True):
                def fwd(f=f, ac=ac):
                    with torch.autocast('cpu', dtype=torch.bfloat16, enabled=ac): return f()
                def both(fwd=fwd):
                    y = fwd(); torch.autograd.grad(y, (x, w), g.to(y.dtype))
                res.append(f"{'bf16' if ac else 'fp32'} forward {t(fwd):.2f} ms, forward+backward {t(both):.2f} ms")
            print(f"{ci}->{co} at {s}x{s}, {name}: " + '; '.join(res), flush=True)

if __name__ == '__main__': main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
