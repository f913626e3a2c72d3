"""Packaging checks: the wheel builds, installs and imports without the repository, and `pip install veegan_nb`
asks only for ranges (the pinned nbdev set is for developers, in the `dev` extra)."""
import configparser, os, re, subprocess, sys, zipfile
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
CFG = cfg['DEFAULT']

def test_settings():
    assert CFG['lib_name'] == 'veegan_nb' and CFG['update_pyproject'] == 'False'
    assert CFG['tst_flags'].split() == ['slow', 'cuda']
    assert not (ROOT/'pyproject.toml').exists(), 'nbdev 2 project: settings.ini is the config, no pyproject.toml'
    assert not re.search(r'^\s*(import|from) pkg_resources', (ROOT/'setup.py').read_text(), re.M)

def test_dev_pins_satisfy_runtime_ranges():
    runtime = {r.name: r for r in map(Requirement, CFG['requirements'].split())}
    for pin in map(Requirement, CFG['dev_requirements'].split()):
        if pin.name in runtime:
            v = next(iter(pin.specifier)).version
            assert runtime[pin.name].specifier.contains(v), f'dev pin {pin} is outside the runtime range {runtime[pin.name]}'

def test_wheel_installs_and_imports_without_the_repo(tmp_path):
    subprocess.run([sys.executable, '-m', 'build', '--wheel', '--no-isolation', '--outdir', str(tmp_path/'dist')],
                   cwd=ROOT, check=True, capture_output=True)
    whl = next((tmp_path/'dist').glob('veegan_nb-*.whl'))
    with zipfile.ZipFile(whl) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))).decode()
        mods = sorted(n[:-3].replace('/', '.') for n in z.namelist() if n.startswith('veegan_nb/') and n.endswith('.py'))
    reqs = [Requirement(l.split(':', 1)[1]) for l in meta.splitlines() if l.startswith('Requires-Dist:')]
    base = [r for r in reqs if r.marker is None]
    assert {'torch', 'numpy', 'fastcore'} <= {r.name for r in base}
    assert not [r for r in base if r.name in ('nbdev', 'execnb', 'ghapi') or '==' in str(r.specifier)], base
    site = tmp_path/'site'
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps', '--target', str(site), str(whl)], check=True)
    code = f'import importlib, veegan_nb; [importlib.import_module(m) for m in {mods!r}]; print(veegan_nb.__file__)'
    out = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, env={**os.environ, 'PYTHONPATH': str(site)},
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith(str(site)), f'imported from {out}, not from the installed wheel'
    # the shipped MNIST classifier travels with the package and loads from the installed copy
    code = 'from veegan_nb.classifier import load_classifier, CLASSIFIER_PATH; load_classifier(); print(CLASSIFIER_PATH)'
    out = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, env={**os.environ, 'PYTHONPATH': str(site)},
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith(str(site)), out
