"""Every table written to data/processed has a sidecar naming its inputs by checksum."""

import hashlib
import json

from analysis.export import write_tables
from tests.conftest import REPORT_ZH, ROOT


def test_each_written_table_has_a_sidecar_with_its_own_and_its_inputs_checksums(
        tmp_path, shipped_study):
    written = write_tables(shipped_study, tmp_path)
    tables = [path for path in written if path.suffix == ".csv"]
    assert [t.name for t in tables][:2] == ["attendance.csv", "status_meeting.csv"]
    # What was written is said: each table, then its sidecar.
    assert written == [*tables, *(tmp_path / f"{t.stem}.source.json" for t in tables)]
    raw_sidecar = json.loads(REPORT_ZH.with_name(
        "wg-firearms-2020-report.zh.source.json").read_text(encoding="utf-8"))
    for table in tables:
        meta = json.loads((tmp_path / f"{table.stem}.source.json").read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(table.read_bytes()).hexdigest(), table.name
        assert meta["meetings"] == ["CTOC/COP/WG.6/2020/3"]
        assert meta["as_of"] == "2024-05-04"
        # The report's checksum is the one its own provenance file recorded.
        assert meta["inputs"]["data/raw/wg-firearms-2020-report.zh.txt"] == raw_sidecar["sha256"]
        record = ROOT / "data" / "reference" / "treaty_participation.csv"
        assert meta["inputs"]["data/reference/treaty_participation.csv"] == hashlib.sha256(
            record.read_bytes()).hexdigest()
