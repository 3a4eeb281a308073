"""The module itself: its stub (cytostorm.pyi) declares what the module defines, with the same
parameters and defaults; it installs with `cmake --install` and imports from the prefix."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cytostorm
from conftest import SOURCE_DIR

STUB = SOURCE_DIR / "python" / "cytostorm.pyi"


def stub_functions():
    tree = ast.parse(STUB.read_text())
    functions = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            args = node.args
            names = [a.arg for a in args.args + args.kwonlyargs]
            defaults = [ast.literal_eval(d) for d in args.defaults] + [
                None if d is None else ast.literal_eval(d) for d in args.kw_defaults]
            with_default = (names[len(names) - len(defaults):] if args.defaults
                            else [a.arg for a in args.kwonlyargs])
            functions[node.name] = (names, dict(zip(with_default, defaults)))
    return functions, tree


def module_signature(function):
    """Parameter names and defaults from pybind11's signature line."""
    line = function.__doc__.splitlines()[0]
    inside = line[line.index("(") + 1:line.rindex(") ->")]
    names, defaults = [], {}
    for part in re.split(r", (?=\*|\w+:)", inside):
        if part == "*":
            continue
        name = part.split(":")[0]
        names.append(name)
        if " = " in part:
            defaults[name] = ast.literal_eval(part.split(" = ", 1)[1])
    return names, defaults


def test_stub_declares_every_public_name():
    functions, tree = stub_functions()
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    public = {n for n in dir(cytostorm) if not n.startswith("_")}
    assert public == set(functions) | classes
    assert issubclass(cytostorm.InputError, ValueError)
    assert issubclass(cytostorm.SimulationError, RuntimeError)


@pytest.mark.parametrize("name", ["assess", "grade", "grade_timeline", "simulate", "trial"])
def test_stub_signatures_match_the_module(name):
    names, defaults = stub_functions()[0][name]
    module_names, module_defaults = module_signature(getattr(cytostorm, name))
    assert names == module_names
    assert {k: v for k, v in defaults.items() if v is not None and v != {}} == {
        k: v for k, v in module_defaults.items() if v is not None and v != {}}
    assert getattr(cytostorm, name).__doc__.count("\n") > 3


def test_version_and_data_dir():
    assert re.fullmatch(r"\d+\.\d+\.\d+", cytostorm.__version__)
    assert (Path(cytostorm.data_dir()) / "trials" / "zuma-1.toml").exists()


def test_installs_with_cmake_and_imports_from_the_prefix(tmp_path):
    build = os.environ["CYTOSTORM_BUILD_DIR"]
    subprocess.run([os.environ.get("CMAKE_COMMAND", "cmake"), "--install", build, "--prefix",
                    tmp_path], check=True, capture_output=True)
    site = tmp_path / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / \
        "dist-packages"
    assert (site / "cytostorm.pyi").exists()
    env = dict(os.environ, PYTHONPATH=str(site))
    run = subprocess.run(
        [sys.executable, "-c",
         "import cytostorm; print(cytostorm.__file__); "
         "print(cytostorm.assess({'temperature_c': 38.5})['crs']['astct']['grade'])"],
        env=env, capture_output=True, text=True, check=True)
    file, grade = run.stdout.split()
    assert file.startswith(str(site))
    assert grade == "1"
