"""Run notebooks' code cells in order, one namespace per notebook, as `nbdev_test` does, on a machine without nbdev
or IPython (the GPU machine): `python scripts/run_cells.py --flags cuda nbs/05_train.ipynb nbs/08_stacked.ipynb`.

Skipped, as nbdev_test skips them: cells flagged `eval: false`, the cell that calls `nbdev_export`, and cells flagged
with a test flag (`slow`, `cuda`) that is not given. Prints one line per notebook; exits with the number that failed.
"""
import argparse, json, os, re, sys, time, traceback
from pathlib import Path

FLAGS = {'slow', 'cuda'}


def directives(src:str) -> dict:
    "The `#| name: value` lines of a cell."
    return {m.group(1).rstrip(':'): m.group(2).split() for m in re.finditer(r'^#\|[ \t]*([\w-]+:?)[ \t]*(.*)$', src, re.M)}


def runnable(src:str, flags:set) -> bool:
    d = directives(src)
    if d.get('eval', [''])[0].lower() == 'false' or 'nbdev_export(' in src: return False
    return not ((FLAGS - flags) & set(d))


def run_notebook(path:Path, flags:set) -> bool:
    cells = [''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'code']
    ns, cwd, t = {'__name__': '__main__'}, os.getcwd(), time.time()
    os.chdir(path.parent)
    try:
        for i, src in enumerate(cells):
            if runnable(src, flags): exec(compile(src, f'{path.name} cell {i}', 'exec'), ns)
        print(f"{path.name}: ok ({time.time() - t:.1f}s)", flush=True); return True
    except Exception:
        print(f"{path.name}: FAILED in cell {i}:\n{src}\n{traceback.format_exc()}", flush=True); return False
    finally: os.chdir(cwd)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--flags', default='', help='test flags to run, comma-separated (slow,cuda)')
    p.add_argument('notebooks', nargs='+')
    a = p.parse_args()
    sys.exit(sum(not run_notebook(Path(n).resolve(), set(filter(None, a.flags.split(',')))) for n in a.notebooks))
