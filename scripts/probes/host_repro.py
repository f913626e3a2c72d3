"""Probe: does a stored CPU image record come back when its run is made again on another host? (image issue)

Re-makes the first 1,000 iterations of DCGAN seed 4 on Stacked MNIST (`cpu_baselines/`: IMAGE_PROTOCOL, one thread,
CPU) with `run_image`, scoring 2,600 samples per record (the stored records score 26,000; the losses, which do not
depend on scoring, are what is compared). Each call makes one run into OUT/NAME and writes OUT/NAME/probe.json: the
arguments, the environment variables that steer the math libraries' code paths, the package's location and git
commit, and this host's CPU (`cpu_description`).

Usage:
    python scripts/probes/host_repro.py run OUT NAME ITERATIONS MONITOR_EVERY RECORD_EVERY
    python scripts/probes/host_repro.py summary OUT     # the logged losses of every run under OUT beside the stored record

Set MKL_ENABLE_INSTRUCTIONS (oneMKL's instruction set) outside to change the code path of the linear layers' matrix
products; set PYTHONPATH to a worktree of another commit to run that commit's package. Time: about 10 minutes per
1,000 iterations on one CPU thread.
"""
import json, os, subprocess, sys
from pathlib import Path
import torch

# runner.MATH_ENV and what else a probe run may be given; spelled out, as an older commit's package (PYTHONPATH) lacks it
ENV = ('MKL_ENABLE_INSTRUCTIONS', 'MKL_CBWR', 'ONEDNN_MAX_CPU_ISA', 'ATEN_CPU_CAPABILITY', 'OMP_NUM_THREADS', 'PYTHONPATH')
STORED = Path('cpu_baselines/intermediate/it1000/stacked_mnist/gan/seed4.json')

def losses(rec): return rec['final_losses']['d_loss'], rec['final_losses']['g_loss']

def run(out, name, iterations, monitor_every, record_every):
    import veegan_nb
    from veegan_nb.image_runner import run_image, IMAGE_PROTOCOL
    torch.set_num_threads(1)
    d = Path(out)/name; d.mkdir(parents=True, exist_ok=True)
    pkg = Path(veegan_nb.__file__).parent
    commit = subprocess.run(['git', '-C', str(pkg), 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
    try: from veegan_nb.runner import cpu_description; cpu = cpu_description()
    except ImportError: cpu = None                                          # a commit from before it existed
    (d/'probe.json').write_text(json.dumps({'args': [iterations, monitor_every, record_every], 'package': str(pkg),
        'commit': commit, 'env': {k: os.environ[k] for k in ENV if k in os.environ}, 'cpu': cpu}, indent=1) + '\n')
    rec = run_image('stacked_mnist', 'gan', seed=4, config=IMAGE_PROTOCOL.replace(iterations=iterations), results_dir=d,
                    device='cpu', progress=False, n_eval=2600, monitor_every=monitor_every, record_every=record_every)
    print(name, rec['metrics'], rec['final_losses'])

def summary(out):
    stored = json.loads(STORED.read_text())
    print(f"stored ({STORED}, {stored['finished']}): iteration 1000: d_loss {losses(stored)[0]!r}, g_loss {losses(stored)[1]!r}")
    cpus = set()
    for d in sorted(p for p in Path(out).iterdir() if (p/'probe.json').exists()):
        probe = json.loads((d/'probe.json').read_text())
        if probe['cpu']: cpus.add(json.dumps({k: v for k, v in probe['cpu'].items() if k != 'env'}))   # the settings are printed per run
        recs = sorted((json.loads(p.read_text()) for p in d.glob('**/stacked_mnist/gan/seed4.json')), key=lambda r: r['iterations'])
        print(f"{d.name}: planned {probe['args'][0]}, monitor_every {probe['args'][1]}, record_every {probe['args'][2]}; "
              f"commit {probe['commit'][:7]}; env {probe['env'] or 'none'}")
        for r in recs:
            same = ' (the stored record\'s losses)' if r['iterations'] == 1000 and losses(r) == losses(stored) else ''
            print(f"  iteration {r['iterations']}: d_loss {losses(r)[0]!r}, g_loss {losses(r)[1]!r}{same}")
    print(f"this host: {', '.join(sorted(cpus)) or 'not recorded'}")

if __name__ == '__main__':
    if sys.argv[1] == 'run': run(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7]))
    else: summary(sys.argv[2])
