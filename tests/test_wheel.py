"""The package works outside this repository: build the wheel, install it, run it."""

import csv
import io

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and a venv


def test_installed_wheel_finds_its_reference_data(wheel_env):
    # Dependencies come from the test environment (offline); its .pth files are not
    # processed, so the checkout's editable install stays invisible to the venv.
    where = wheel_env.run("-c", "import analysis.paths as p; print(p.DATA_DIR)", full=True)
    assert where.stdout.strip().startswith(str(wheel_env.env)), where.stdout + where.stderr
    result = wheel_env.run("-m", "analysis", "status", "--as-of", "2024-05-04", full=True)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sum(r["status"] == "party" for r in rows) == 123
    # The README's Python example, outside the checkout: the report and labels ship too.
    example = ("import analysis; report = analysis.read_report(analysis.default_report()); "
               "study = analysis.build_study(); print(analysis.parse_attendance(report).height, "
               "study.meeting, analysis.vocabulary.label_languages())")
    result = wheel_env.run("-c", example, full=True)
    assert result.stdout.split() == ["90", "CTOC/COP/WG.6/2020/3", "('ar',", "'en',", "'es',",
                                     "'fr',", "'ru',", "'zh')"], (
        result.stderr)
