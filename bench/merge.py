"""Time `workbook study merge` of 500 participants x 26 weeks (target: <= 30 s).

    python bench/merge.py [--participants 500] [--weeks 26] [--reps 2]

Builds one real participant (`make_demo(home, weeks=26)`, research mode on, a
pseudonymised `workbook export`), then makes the other exports from it quickly:
each is a copy of that export folder with its participant id rewritten (in
datapackage.json and in the participant_id cells), so every export is a real
Workbook export and only the ids differ. None of that is timed.

Timed, in the same run: the merge as the command runs it (read and check every
datapackage.json, write one CSV per table plus the merged datapackage.json), and
a baseline that only concatenates the same files table by table (the least any
merge must do: read every byte and write it once). Prints both as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from workbook.facade.workbook import Workbook
from workbook.outputs.demo import make_demo
from workbook.outputs.export import export
from workbook.outputs.merge import merge

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
TARGET_SECONDS = 30.0
TEMPLATE_ID = "P-00000"


def build_exports(root: Path, participants: int, weeks: int) -> list[Path]:
    home = root / "home"
    make_demo(home, weeks=weeks, now=NOW)
    workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
    workbook.update_settings(research_mode=True, participant_id=TEMPLATE_ID, study_id="BENCH-1")
    template = root / "export-template"
    export(workbook, template, deidentify=True, now=NOW)
    texts = {p.name: p.read_text(encoding="utf-8") for p in template.iterdir()}
    folders = []
    for i in range(participants):
        folder = root / "exports" / f"p{i:05d}"
        folder.mkdir(parents=True)
        participant = f"P-{i:05d}"  # the same length as the template's id
        for name, text in texts.items():
            (folder / name).write_text(text.replace(TEMPLATE_ID, participant), encoding="utf-8")
        folders.append(folder)
    return folders


def concatenate(folders: list[Path], out: Path) -> None:
    """The baseline: each table's files one after the other, headers and all, no checks."""
    out.mkdir()
    names = [r["path"] for r in json.loads((folders[0] / "datapackage.json").read_text())["resources"]]
    for name in names:
        with open(out / name, "wb") as target:
            for folder in folders:
                with open(folder / name, "rb") as source:
                    shutil.copyfileobj(source, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--reps", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wb-bench-merge-") as tmp:
        root = Path(tmp)
        built = time.perf_counter()
        folders = build_exports(root, args.participants, args.weeks)
        built = time.perf_counter() - built
        size = sum(p.stat().st_size for f in folders for p in f.iterdir())
        merged, baseline = [], []
        for rep in range(args.reps):
            start = time.perf_counter()
            concatenate(folders, root / f"baseline-{rep}")
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = merge(folders, root / f"merged-{rep}", now=NOW)
            merged.append(time.perf_counter() - start)
            shutil.rmtree(root / f"baseline-{rep}")
            if rep < args.reps - 1:
                shutil.rmtree(root / f"merged-{rep}")
    median = statistics.median(merged)
    print(json.dumps({
        "participants": args.participants, "weeks": args.weeks, "input_bytes": size,
        "rows": sum(result.rows.values()), "build_s": round(built, 2),
        "merge_runs_s": [round(r, 3) for r in merged], "merge_median_s": round(median, 3),
        "baseline_concatenate_runs_s": [round(r, 3) for r in baseline],
        "baseline_median_s": round(statistics.median(baseline), 3),
        "target_s": TARGET_SECONDS, "ok": median <= TARGET_SECONDS,
    }, indent=2))
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
