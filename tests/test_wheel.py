"""The package works outside this repository: build the wheel, install it, run it."""

import csv
import io
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # builds a wheel and a venv


def test_installed_wheel_finds_its_reference_data(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next(wheels.glob("*.whl"))
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-compile", str(wheel)], check=True, capture_output=True)
    # Dependencies come from the test environment (offline); .pth files there are not
    # processed, so the checkout's editable install stays invisible to the new env.
    target = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (target / "zz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")

    where = subprocess.run([str(python), "-c", "import analysis.paths as p; print(p.DATA_DIR)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert where.stdout.strip().startswith(str(env)), where.stdout
    result = subprocess.run([str(python), "-m", "analysis", "status", "--as-of", "2024-05-04"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sum(r["status"] == "party" for r in rows) == 123
    # The README's Python example, outside the checkout: the report and labels ship too.
    example = ("import analysis; report = analysis.read_report(analysis.default_report()); "
               "study = analysis.build_study(); print(analysis.parse_attendance(report).height, "
               "study.meeting, analysis.vocabulary.label_languages())")
    result = subprocess.run([str(python), "-c", example], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.stdout.split() == ["90", "CTOC/COP/WG.6/2020/3", "('ar',", "'en',", "'es',",
                                     "'fr',", "'ru',", "'zh')"], (
        result.stderr)
