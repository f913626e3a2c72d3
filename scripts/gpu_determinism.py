"""Do GPU runs give their bits again with `--deterministic`, and what does it cost? (the image issue's check "stored
records reproduce when one config is re-run", for GPU records; notebook 6's `use_deterministic`)

Usage: python scripts/gpu_determinism.py WORK_DIR [ITERATIONS]      on a GPU machine, about 3 minutes at 500 iterations
       TINY=1 DEVICE=cpu python scripts/gpu_determinism.py WORK_DIR   a dry run anywhere (tiny networks, 3 iterations)

For DCGAN and VEEGAN (Algorithm 1) on Stacked MNIST, Table 2's protocol cut to ITERATIONS [500], seed 0: two runs with
`--deterministic` and two without, each in its own process (`veegan run`), then `veegan reproduce` of the first
deterministic record. Prints, for each pair, whether the two records' metrics and last logged losses are equal to the
bit, and each run's wall time (what determinism costs). Records under WORK_DIR/<method>/{det,det_again,plain,plain_again}.
Keep the output in results/logs/gpu_determinism_<gpu>.txt.
"""
import os, subprocess, sys, time
from pathlib import Path

from veegan_nb.runner import load_record
from veegan_nb.cli import compare_records

CLI = 'import sys; from veegan_nb.cli import main; sys.exit(main(sys.argv[1:]))'


def veegan(*args) -> tuple[int, str, float]:
    "`veegan ARGS` in a fresh process: (exit status, its output, seconds)."
    t = time.time()
    r = subprocess.run([sys.executable, '-c', CLI, *args], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr, time.time() - t


def main():
    work, iters = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 500
    tiny, dev = os.environ.get('TINY') == '1', os.environ.get('DEVICE', 'cuda')
    size = ['--iterations', '3', '--batch-size', '16', '--ngf', '8', '--n-eval', '300'] if tiny else ['--iterations', str(iters)]
    for method in ('gan', 'veegan'):
        base = ['run', '--dataset', 'stacked_mnist', '--method', method, '--seeds', '0', '--device', dev, '--quiet', *size]
        recs = {}
        for name, flags in (('det', ['--deterministic']), ('plain', []), ('det_again', ['--deterministic']), ('plain_again', [])):
            code, out, secs = veegan(*base, *flags, '--results-dir', str(work/method/name))
            if code: print(out[-3000:]); sys.exit(f"{method} {name}: veegan run exited {code}")
            recs[name] = r = load_record(work/method/name/'stacked_mnist'/method/'seed0.json')
            made = {k: r.get(k) for k in ('gpu', 'cudnn', 'deterministic', 'torch')}
            print(f"{method} {name}: {r['metrics']}, last losses {r['final_losses']}, training {r['wall_seconds']:.1f} s "
                  f"(process {secs:.0f} s), made {made}", flush=True)
        for a, b in (('det', 'det_again'), ('plain', 'plain_again')):
            same = all(x == y for _, x, y in compare_records(recs[a], recs[b]))
            print(f"{method}: {a} and {b} {'equal to the bit' if same else 'DIFFER'}", flush=True)
        print(f"{method}: training time with --deterministic / without: "
              f"{(recs['det']['wall_seconds'] + recs['det_again']['wall_seconds'])/(recs['plain']['wall_seconds'] + recs['plain_again']['wall_seconds']):.2f}")
        code, out, secs = veegan('reproduce', str(work/method/'det'/'stacked_mnist'/method/'seed0.json'), '--quiet')
        print(f"{method}: veegan reproduce of the deterministic record: exit {code} ({secs:.0f} s)\n" +
              '\n'.join('    ' + line for line in out.strip().splitlines()), flush=True)


if __name__ == '__main__':
    main()
