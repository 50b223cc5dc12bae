"""Build Trazo's wheel and try it as a newcomer would: a fresh venv outside the checkout, `pip install`
of the wheel with its dependencies, then `trazo --version` and `trazo test` from an empty folder.

    python tools/check_wheel.py [--keep]    # about a minute: most of it installs PySide6 and NumPy

The test suite does the same quicker (tests/test_packaging.py: the venv borrows the installed
dependencies); this script is the whole thing, run by hand before a release.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")


def build_wheel(folder: Path) -> Path:
    """The wheel, built from a copy of the checkout (a build writes build/ and *.egg-info beside the sources)."""
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder / "dist"),
                    str(source)], check=True)
    return next((folder / "dist").glob("trazo-*.whl"))


def scripts(environment: Path) -> Path:
    return environment / ("Scripts" if sys.platform == "win32" else "bin")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="trazo-wheel-"))
    started = time.perf_counter()
    try:
        wheel = build_wheel(folder)
        print(f"built {wheel.name} in {time.perf_counter() - started:.0f} s")
        environment = folder / "venv"
        venv.create(environment, with_pip=True)
        bin_folder = scripts(environment)
        subprocess.run([str(bin_folder / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
        print(f"installed with its dependencies in {time.perf_counter() - started:.0f} s")
        empty = folder / "empty"
        empty.mkdir()
        for command in (["--version"], ["test"]):
            result = subprocess.run([str(bin_folder / "trazo"), *command], cwd=empty, capture_output=True,
                                    text=True, check=True)
            print("$ trazo " + " ".join(command))
            print("\n".join(result.stdout.splitlines()[:3]))
        print(f"done in {time.perf_counter() - started:.0f} s")
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
