"""The caseload view over 60 patients × 26 weeks: loading and sorting the rows, and first paint.

Builds a folder of 60 real review packs (`review.json` from the review-pack builder, one
26-week demo patient per seed, six first names each), half of them encrypted to a
practitioner key made with `workbook caseload --new-identity`, half plain, plus the HTML and
FHIR files the writer puts beside a pack. Then, in this run:

- rows: `Workbook.caseload(folder)` (read, decrypt, check, sum up, one per patient, sort),
  against two baselines on the same files: reading the plain bytes and `json.loads`, and
  reading + decrypting + `json.loads` (the least any reader must do);
- first paint: `workbook caseload DIR` started in a 100x32 pseudo-terminal until its first
  paint (see `CaseloadApp.first_paint`), against a bare Textual app showing 60 lines.

    python bench/caseload.py [--runs 9] [--patients 60] [--weeks 26]

Target: first paint of the caseload in at most 1 s (the rows are part of it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from first_paint import first_paint  # noqa: E402 - the pty runner the app's own first-paint bench uses

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
NAMES = ("Sam", "Jo", "Ann", "Kim", "Lee", "Max")
TARGET_SECONDS = 1.0


def bare_app() -> None:
    """A plain Textual app with what the caseload paints: two lines of heading, 60 rows, a footer."""
    from textual.app import App
    from textual.widgets import Footer, OptionList, Static

    class Bare(App):
        def compose(self):
            yield Static("Workbook · Caseload")
            yield Static("60 patients from the folder. Who may need you first is at the top.")
            yield OptionList(*[f"Patient {n:02d}   item 9   3 days ago   58% (7 of 12)   9 (-6)   7 (-2)   1"
                               for n in range(60)])
            yield Static("Patient 00: the detail line")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.mark)

        def mark(self) -> None:
            import os

            Path(os.environ["WORKBOOK_FIRST_PAINT"]).write_text(f"{time.time():.6f}\n")
            self.exit()

    Bare().run()


def build(root: Path, patients: int, weeks: int) -> tuple[Path, Path, Path]:
    """The practitioner's home, their identity file and the folder of packs."""
    from workbook.facade.workbook import Workbook
    from workbook.outputs.demo import make_demo
    from workbook.outputs.review_pack.json_pack import pack_json
    from workbook.storage.sealed import seal

    practitioner = Workbook.open(root / "practitioner", clock=lambda: NOW, daily_backup=False)
    key = root / "key.txt"
    recipient = practitioner.make_identity(key)
    folder = root / "packs"
    folder.mkdir()
    seeds = (patients + len(NAMES) - 1) // len(NAMES)
    made = 0
    for seed in range(1, seeds + 1):
        home = root / f"patient-{seed}"
        make_demo(home, weeks=weeks, seed=seed, now=NOW)
        workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
        for name in NAMES:
            if made == patients:
                break
            workbook.update_settings(first_name=name)
            data = pack_json(workbook.review_pack(NOW)).encode("utf-8")
            stem = f"review-pack-{name.lower()}-{made:03d}"
            if made % 2:
                (folder / f"{stem}.json.age").write_bytes(seal(data, recipient))
                (folder / f"{stem}.fhir.json.age").write_bytes(seal(b"{}", recipient))
            else:
                (folder / f"{stem}.json").write_bytes(data)
                (folder / f"{stem}.fhir.json").write_text('{"resourceType": "Bundle"}', encoding="utf-8")
            (folder / f"{stem}.html").write_text("<html></html>", encoding="utf-8")
            made += 1
    return root / "practitioner", key, folder


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--patients", type=int, default=60)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_app()
        return 0
    import pyrage

    from workbook.facade.workbook import Workbook
    from workbook.storage.sealed import read_identities

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        home, key, folder = build(Path(tmp), args.patients, args.weeks)
        built = time.perf_counter() - started
        packs = sorted(p for p in folder.iterdir() if p.name.endswith((".json", ".json.age"))
                       and ".fhir." not in p.name)
        sealed = sum(1 for p in packs if p.name.endswith(".age"))
        size = sum(p.stat().st_size for p in packs)
        identities = read_identities(key)
        plain = [pyrage.decrypt(p.read_bytes(), identities) if p.name.endswith(".age") else p.read_bytes()
                 for p in packs]
        plain_folder = Path(tmp) / "plain"
        plain_folder.mkdir()
        for p, data in zip(packs, plain):
            (plain_folder / p.name.removesuffix(".age")).write_bytes(data)
        plain_files = sorted(plain_folder.iterdir())

        def json_only() -> None:
            for p in plain_files:
                json.loads(p.read_bytes())

        def decrypt_and_json() -> None:
            for p in packs:
                data = p.read_bytes()
                json.loads(pyrage.decrypt(data, identities) if p.name.endswith(".age") else data)

        workbook = Workbook.open(home, clock=lambda: NOW, daily_backup=False)
        rows = workbook.caseload(folder)
        assert len(rows) == args.patients and all(r.readable for r in rows), [r.problem for r in rows][:3]
        for _ in range(2):  # warm the file cache
            json_only()
            decrypt_and_json()
            workbook.caseload(folder)
        base_json = timed(json_only, args.runs)
        base_open = timed(decrypt_and_json, args.runs)
        engine = timed(lambda: workbook.caseload(folder), args.runs)

        screen = [sys.executable, "-m", "screens", "--home", str(home), "caseload", str(folder)]
        bare = [sys.executable, __file__, "--bare"]
        first_paint(screen), first_paint(bare)  # warm byte-code and the file cache
        paint: dict[str, list[float]] = {"caseload": [], "bare": []}
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            paint["caseload"].append(first_paint(screen)[0])
            paint["bare"].append(first_paint(bare)[0])

    print(f"caseload: {args.patients} patients x {args.weeks} weeks, {len(packs)} packs ({sealed} encrypted), "
          f"{size / 1024:.0f} KB of packs; folder built in {built:.1f} s; median of {args.runs} runs")
    print(f"  rows, baseline: read + json.loads the plain bytes      {base_json * 1000:7.1f} ms")
    print(f"  rows, baseline: read + decrypt + json.loads            {base_open * 1000:7.1f} ms")
    print(f"  rows: Workbook.caseload (read, open, check, sort)      {engine * 1000:7.1f} ms   "
          f"{engine / base_json:5.2f}x json.loads, {engine / base_open:5.2f}x decrypt+json.loads")
    caseload, bare_paint = statistics.median(paint["caseload"]), statistics.median(paint["bare"])
    ok = caseload <= TARGET_SECONDS
    print(f"  first paint, baseline: bare Textual app, 60 lines       {bare_paint:7.3f} s")
    print(f"  first paint: workbook caseload DIR (process start)     {caseload:7.3f} s   "
          f"{caseload / bare_paint:5.2f}x bare; min {min(paint['caseload']):.3f} max {max(paint['caseload']):.3f}"
          f"  {'ok' if ok else 'OVER'} (target {TARGET_SECONDS:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
