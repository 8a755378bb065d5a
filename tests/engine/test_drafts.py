"""Drafts survive a restart (and a kill between keystrokes, once saved); a damaged file is set aside."""

from __future__ import annotations

import stat

from helpers import NOW

from workbook.storage.drafts import DRAFTS_FILE, DraftStore


def test_drafts_round_trip_and_clear(tmp_path):
    drafts = DraftStore(tmp_path, lambda: NOW)
    drafts["log:plan@2026-11-30T19:00"] = {"situation": "At work", "emotion_intensity": 70, "done": True}
    drafts.save()
    assert stat.S_IMODE((tmp_path / DRAFTS_FILE).stat().st_mode) == 0o600
    again = DraftStore(tmp_path, lambda: NOW)
    assert again["log:plan@2026-11-30T19:00"] == {"situation": "At work", "emotion_intensity": 70, "done": True}
    del again["log:plan@2026-11-30T19:00"]
    again.save()
    assert not (tmp_path / DRAFTS_FILE).exists()
    assert len(DraftStore(tmp_path, lambda: NOW)) == 0


def test_unsaved_changes_are_not_written_until_save(tmp_path):
    drafts = DraftStore(tmp_path, lambda: NOW)
    drafts["k"] = {"a": "b"}
    assert not (tmp_path / DRAFTS_FILE).exists()


def test_damaged_drafts_file_is_set_aside_not_overwritten(tmp_path):
    (tmp_path / DRAFTS_FILE).write_bytes(b'{"k": {"a": "b"')
    drafts = DraftStore(tmp_path, lambda: NOW)
    assert len(drafts) == 0 and "could not be read" in drafts.warning
    kept = list(tmp_path.glob("drafts.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"k": {"a": "b"'
