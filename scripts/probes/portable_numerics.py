"""Probe: do the pinned numerics levels (`runner.NUMERICS`) give the same bits whatever instruction sets the host offers, and what do they cost? (image issue: stored records reproduce when re-run)

A host is simulated by capping what the math libraries may use (MKL_ENABLE_INSTRUCTIONS for oneMKL, ONEDNN_MAX_CPU_ISA
for oneDNN, ATEN_CPU_CAPABILITY for PyTorch's own kernels): capped to AVX2, this CPU takes the paths an AVX2-only
Intel host takes by default. Each setting runs in a fresh process, on one thread, 20 steps of each of three steps from
seed 0 (the VEEGAN ring step of the 2D protocol, and the DCGAN and VEEGAN Stacked MNIST steps of IMAGE_PROTOCOL, on
random images), and prints the code paths the libraries report (`math_paths`), a digest of every network's
parameters after the 20 steps, and the milliseconds per step. ROUNDS rounds, the settings interleaved; the summary
groups the settings whose digests agree and gives each one's median time per step as a multiple of 'native'.

Usage: python scripts/probes/portable_numerics.py [ROUNDS]      (about 3 minutes a round; run with nothing else computing)
"""
import hashlib, json, os, statistics, subprocess, sys, time

CAP_AVX2 = {'MKL_ENABLE_INSTRUCTIONS': 'AVX2', 'ONEDNN_MAX_CPU_ISA': 'AVX2', 'ATEN_CPU_CAPABILITY': 'avx2'}
SETTINGS = {                                   # name: (numerics level or None, extra environment)
    'native': ('native', {}),
    'AVX2-only host (simulated), native': (None, CAP_AVX2),
    'AVX-512 host without AMX (simulated), native': (None, {'MKL_ENABLE_INSTRUCTIONS': 'AVX512', 'ONEDNN_MAX_CPU_ISA': 'AVX512_CORE'}),
    'avx2': ('avx2', {}),
    'avx2, oneMKL capped to AVX2': ('avx2', {'MKL_ENABLE_INSTRUCTIONS': 'AVX2'}),
    'compatible': ('compatible', {}),
    'compatible, oneMKL capped to AVX2': ('compatible', {'MKL_ENABLE_INSTRUCTIONS': 'AVX2'}),
}
STEPS = 20

def child(level):
    import torch
    from veegan_nb.runner import use_numerics, math_paths
    paths = use_numerics(level) if level and level != 'native' else math_paths()
    from veegan_nb.core import seed_everything
    from veegan_nb.train import TrainConfig, build_nets, STEPS as STEP
    from veegan_nb.image_nets import build_image_nets
    from veegan_nb.image_runner import IMAGE_PROTOCOL
    from veegan_nb.data import get_dataset
    torch.set_num_threads(1)
    out = {'paths': paths}
    for name, method in (('veegan_ring', 'veegan'), ('dcgan_stacked_mnist', 'gan'), ('veegan_stacked_mnist', 'veegan')):
        seed_everything(0)
        if name == 'veegan_ring':
            cfg = TrainConfig(method='veegan'); nets = build_nets(cfg, 2); ring = get_dataset('ring')
            data = lambda: ring.sample(cfg.batch_size)[0]
        else:
            cfg = IMAGE_PROTOCOL.replace(method=method); nets = build_image_nets(cfg, 28)
            data = lambda: torch.rand(cfg.batch_size, 3, 28, 28)*2 - 1
        t = time.perf_counter()
        for _ in range(STEPS): STEP[method](nets, data(), cfg)
        ms = (time.perf_counter() - t)/STEPS*1e3
        h = hashlib.sha256(b''.join(p.detach().numpy().tobytes() for k in ('gen', 'disc', 'recon')
                                    if getattr(nets, k) is not None for p in getattr(nets, k).parameters()))
        out[name] = {'digest': h.hexdigest()[:16], 'ms': round(ms, 1)}
    print('RESULT ' + json.dumps(out))

def main(rounds):
    from veegan_nb.runner import NUMERICS, MATH_ENV
    base = {k: v for k, v in os.environ.items() if k not in MATH_ENV}
    res = {name: [] for name in SETTINGS}
    for r in range(rounds):
        for name, (level, extra) in SETTINGS.items():
            env = {**base, **(NUMERICS[level] if level else {}), **extra}
            p = subprocess.run([sys.executable, __file__, '--child', level or ''], env=env, capture_output=True, text=True)
            if p.returncode: sys.exit(f'{name}: failed\n{p.stderr[-3000:]}')
            out = json.loads(p.stdout.split('RESULT ', 1)[1]); res[name].append(out)
            print(f"round {r + 1}, {name}: paths {out['paths']}; " + '; '.join(
                f"{k} {v['digest']} {v['ms']} ms" for k, v in out.items() if k != 'paths'), flush=True)
    steps = [k for k in res['native'][0] if k != 'paths']
    print(f'\nsummary ({rounds} rounds, {STEPS} steps each, one thread; medians of ms per step)')
    for step in steps:
        digests = {name: {o[step]['digest'] for o in outs} for name, outs in res.items()}
        assert all(len(d) == 1 for d in digests.values()), f'{step}: a setting gave different digests in different rounds'
        groups = {}
        for name, d in digests.items(): groups.setdefault(d.pop(), []).append(name)
        native = statistics.median(o[step]['ms'] for o in res['native'])
        print(f'{step}:')
        for dg, names in groups.items():
            print(f'  same bits ({dg}): ' + ', '.join(
                f"{n} ({statistics.median(o[step]['ms'] for o in res[n]):.1f} ms, "
                f"{statistics.median(o[step]['ms'] for o in res[n])/native:.2f}x native)" for n in names))

if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--child': child(sys.argv[2] or None)
    else: main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
