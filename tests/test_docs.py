"""Docs checks that run without Quarto: nbdev processes every notebook for the site (`nbdev_proc_nbs`), the
processed notebooks render to HTML with nbconvert keeping their math, tables and figures, and every exported
name has its `show_doc` output. The site itself is built by `nbdev_docs` where Quarto is installed."""
import importlib, os, re, shutil, subprocess, sys
from pathlib import Path

import nbformat, pytest
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_'))

@pytest.fixture(scope='module')
def proc(tmp_path_factory):
    "Run `nbdev_proc_nbs` from scratch; it only checks that a `quarto` is on PATH, so give it a stub that does nothing."
    stub = tmp_path_factory.mktemp('bin')/'quarto'
    stub.write_text('#!/bin/sh\nexit 0\n'); stub.chmod(0o755)
    shutil.rmtree(ROOT/'_proc', ignore_errors=True)
    env = {**os.environ, 'PATH': f'{stub.parent}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ["PATH"]}'}
    subprocess.run(['nbdev_proc_nbs'], cwd=ROOT, env=env, check=True)
    return ROOT/'_proc'

@pytest.fixture(scope='module')
def html(proc):
    "Each processed notebook rendered to HTML with nbconvert, by notebook name."
    exp = HTMLExporter()
    return {p.name: exp.from_filename(str(proc/p.name))[0] for p in NBS}

def test_every_notebook_is_processed(proc):
    for p in NBS: assert (proc/p.name).exists(), f'nbdev_proc_nbs did not process {p.name}'

def _md(nb): return '\n'.join(c.source for c in nb.cells if c.cell_type == 'markdown')

def test_math_tables_figures_survive_rendering(html):
    for p in NBS:
        nb, h = nbformat.read(p, as_version=4), html[p.name]
        for m in re.findall(r'\$\$(.+?)\$\$', _md(nb), re.S):  # display math reaches the page as TeX for MathJax/KaTeX
            assert m.strip()[:40] in h.replace('&amp;', '&'), f'{p.name}: display math lost: {m[:60]}'
        n_tables = len(re.findall(r'^\|[-:| ]+\|\s*$', _md(nb), re.M))
        assert h.count('<table') >= n_tables, f'{p.name}: {n_tables} markdown tables, {h.count("<table")} rendered'
        n_png = sum('image/png' in o.get('data', {}) for c in nb.cells if c.cell_type == 'code' for o in c.outputs)
        assert h.count('data:image/png') >= n_png, f'{p.name}: {n_png} figures, {h.count("data:image/png")} rendered'
    assert 'veegan_nb' in html['index.ipynb']

def _modules():
    return sorted(p.stem for p in (ROOT/'veegan_nb').glob('*.py') if not p.name.startswith('_'))

@pytest.mark.parametrize('mod', _modules())
def test_every_exported_name_is_documented(proc, mod):
    "Functions and classes have their `show_doc` output; constants and aliases (which nbdev can't show_doc) are named in the prose."
    m = importlib.import_module(f'veegan_nb.{mod}')
    src = re.search(r'File to edit: \.\./nbs/(.+?\.ipynb)', Path(m.__file__).read_text()).group(1)
    nb = nbformat.read(proc/src, as_version=4)
    shown = {re.search(r'show_doc\((\w+)', c.source).group(1): c for c in nb.cells
             if c.cell_type == 'code' and 'show_doc(' in c.source}
    prose = _md(nb)
    for name in m.__all__:
        obj = getattr(m, name)
        if callable(obj) and getattr(obj, '__name__', None) == name:
            assert name in shown, f'{src}: no show_doc for exported {name}'
            out = ''.join(o.get('data', {}).get('text/markdown', '') for o in shown[name].outputs)
            assert name in out, f'{src}: show_doc({name}) has no rendered output'
        else: assert f'`{name}`' in prose, f'{src}: exported {name} is not named in the prose (write `{name}` where it is explained)'
