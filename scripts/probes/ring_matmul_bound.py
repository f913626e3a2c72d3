"""Probe: how close can the VEEGAN ring step (the speed issue's protocol: z 254+1, MLPs of 128, batch 500) come to the
machine's matrix-product peak? Records every matrix product one package step runs, forward and backward, as PyTorch's
dispatcher sees them (`mm`, `addmm`: shapes, memory layouts, scalars), then times, interleaved over rounds (medians):
(1) the package's step, (2) the same products alone, back to back, on tensors of those shapes and layouts, and (3) the
large float32 product of `matmul_peak`, and (4) the same products for R runs at once, each as one batched product
(`bmm` of R matrices of the recorded shapes, as the stacked trainer's layers compute them). Prints each one's FLOP/s
as a fraction of (3). (2) is the most the step could reach if everything around its products (the draws, element-wise
operations, autograd, the optimiser) cost nothing: the speed issue's target of 0.5 of the peak is reachable only below
it; (4) says whether products over several runs at once would fill the cores better.

Usage: python scripts/probes/ring_matmul_bound.py [THREADS] [ROUNDS] [R]      (under a minute; R [5])
"""
import statistics, sys, time
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from veegan_nb.bench import _setups, matmul_peak, _time
from veegan_nb.train import STEPS
from veegan_nb.core import seed_everything

aten = torch.ops.aten


class Products(TorchDispatchMode):
    "Keep (op, args as shapes/strides or scalars, kwargs, FLOPs) of every mm and addmm run under it."
    def __init__(self): super().__init__(); self.calls = []
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func in (aten.mm.default, aten.addmm.default):
            a, b = args[-2], args[-1]
            spec = [(tuple(t.shape), t.stride()) if isinstance(t, torch.Tensor) else t for t in args]
            self.calls.append((func, spec, dict(kwargs), 2*a.shape[0]*a.shape[1]*b.shape[1]))
        return func(*args, **kwargs)


def replay(calls):
    "The recorded products as one function, on fresh tensors of the same shapes and memory layouts."
    made = [(f, [torch.empty_strided(*s).normal_() if isinstance(s, tuple) else s for s in spec], kw) for f, spec, kw, _ in calls]
    def run():
        for f, args, kw in made: f(*args, **kw)
    return run


def replay_batched(calls, runs:int):
    "The recorded products, each for `runs` runs at once as one `bmm` (contiguous operands)."
    made = [(torch.randn(runs, *spec[-2][0]), torch.randn(runs, *spec[-1][0])) for f, spec, kw, _ in calls]
    def run():
        for a, b in made: torch.bmm(a, b)
    return run


if __name__ == '__main__':
    threads, rounds = (int(sys.argv[1]) if len(sys.argv) > 1 else 2), (int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    torch.set_num_threads(threads)
    name, method, build, cfg, data = _setups(True)[0]
    seed_everything(0); nets = build(); x = data()
    def step(): STEPS[method](nets, x, cfg)
    for _ in range(3): step()
    with Products() as rec: step()
    flops, products, batched = sum(c[-1] for c in rec.calls), replay(rec.calls), replay_batched(rec.calls, runs)
    shapes = {}
    for f, spec, kw, fl in rec.calls:
        k = f"{f.__name__.split('.')[0]} {'x'.join(map(str, spec[-2][0]))} @ {'x'.join(map(str, spec[-1][0]))}"
        shapes[k] = shapes.get(k, 0) + 1
    print(f"VEEGAN ring step, {threads} thread(s): {len(rec.calls)} matrix products, {flops/1e6:.0f} MFLOP; "
          + ', '.join(f"{v}x {k}" for k, v in shapes.items()))
    for _ in range(3): products(); batched()
    peaks, steps, alone, stacked = [], [], [], []
    for r in range(rounds):
        peaks.append(matmul_peak()); steps.append(_time(step, 20)); alone.append(_time(products, 20)); stacked.append(_time(batched, 20))
    peak, s, a, b = (statistics.median(v) for v in (peaks, steps, alone, stacked))
    print(f"peak {peak/1e9:.1f} GFLOP/s; package step {s*1e3:.2f} ms ({flops/s/peak:.2f} of the peak); its products alone "
          f"{a*1e3:.2f} ms ({flops/a/peak:.2f} of the peak, {a/s:.0%} of the step's time); for {runs} runs as batched products "
          f"{b*1e3:.2f} ms ({runs*flops/b/peak:.2f} of the peak)")
