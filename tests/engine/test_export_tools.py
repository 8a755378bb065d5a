"""Every exported CSV loads in pandas (parse_dates) and DuckDB (read_csv_auto) with the types its schema says."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from helpers import run_cli
from records_fixture import build_with_every_table

from workbook.outputs.export_schema import LEVELS

AT = "2026-10-26T09:00:00+00:00"
FLAGS = {"identified": [], "pseudonymised": ["--pseudonymise"], "anonymised": ["--anonymise"]}
DUCKDB_TYPES = {"date": "DATE", "time": "TIME", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}


@pytest.fixture(scope="module", params=LEVELS)
def export_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tools")
    home = base / "home"
    build_with_every_table(home)
    out = base / "out"
    result = run_cli("--home", home, "export", "--out", out, *FLAGS[request.param], "--at", AT)
    assert result.code == 0, result.err
    return out


def _fields(folder: Path) -> dict[str, list[dict]]:
    package = json.loads((folder / "datapackage.json").read_text())
    return {r["path"]: r["schema"]["fields"] for r in package["resources"]}


def test_pandas_reads_every_time_column_as_a_time(export_dir: Path) -> None:
    checked = 0
    for path, fields in _fields(export_dir).items():
        dated = [f["name"] for f in fields if f["type"] in ("datetime", "date")]
        frame = pd.read_csv(export_dir / path, parse_dates=dated)
        for field in fields:
            column = frame[field["name"]]
            if column.isna().all():
                continue  # nothing in it to read
            dtype = str(column.dtype)
            if field["type"] == "datetime" and field["name"].endswith("_local"):
                assert dtype.startswith("datetime64[") and "UTC" not in dtype, (path, field["name"], dtype)
            elif field["type"] == "datetime":
                assert dtype.startswith("datetime64[") and dtype.endswith(", UTC]"), (path, field["name"], dtype)
            elif field["type"] == "date":
                assert dtype.startswith("datetime64["), (path, field["name"], dtype)
            else:
                continue
            checked += 1
    assert checked >= 20


def test_duckdb_reads_every_column_as_its_type(export_dir: Path) -> None:
    checked = 0
    for path, fields in _fields(export_dir).items():
        relation = duckdb.sql(f"SELECT * FROM read_csv_auto('{export_dir / path}')")
        types = dict(zip(relation.columns, (str(t) for t in relation.types)))
        assert list(types) == [f["name"] for f in fields], path
        columns = ", ".join('count("' + f["name"] + '")' for f in fields)
        counts = duckdb.sql(f"SELECT {columns} FROM read_csv_auto('{export_dir / path}')").fetchall()[0]
        for field, count in zip(fields, counts or ()):
            if not count:
                continue  # an empty column is read as text: nothing to type
            got = types[field["name"]]
            if field["type"] == "datetime":
                want = "TIMESTAMP" if field["name"].endswith("_local") else "TIMESTAMP WITH TIME ZONE"
            elif field["type"] == "number":
                assert got in ("DOUBLE", "BIGINT"), (path, field["name"], got)  # 45.0 written as 45.0; 13 as 13
                continue
            else:
                want = DUCKDB_TYPES.get(field["type"])
                if want is None:
                    continue
            assert got == want, (path, field["name"], got)
            checked += 1
    assert checked >= 40
