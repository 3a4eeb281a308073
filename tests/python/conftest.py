"""Shared fixtures of the Python module's tests: the built CLI to compare with, and the source
tree's data. CTest (tests/CMakeLists.txt) sets CYTOSTORM_CLI, CYTOSTORM_SOURCE_DIR and
PYTHONPATH (the build tree's module)."""

import os
import subprocess
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("CYTOSTORM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLES = SOURCE_DIR / "data" / "examples"


class Cli:
    """Runs the built cytostorm CLI."""

    def __init__(self, path):
        self.path = path

    def __call__(self, *args, stdin=None, check=True):
        run = subprocess.run(
            [self.path, *map(str, args)], input=stdin, capture_output=True, text=True
        )
        if check and run.returncode != 0:
            raise AssertionError(f"cytostorm {' '.join(map(str, args))}: {run.stderr}")
        return run


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("CYTOSTORM_CLI")
    if not path:
        pytest.fail("CYTOSTORM_CLI is not set: run the tests through CTest (bash scripts/test)")
    return Cli(path)
