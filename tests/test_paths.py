"""Tests of :mod:`infoops.paths`: one root, overridable cache."""

from __future__ import annotations

from infoops import paths


def test_root_is_the_project_and_folders_hang_from_it():
    assert (paths.PROJECT_ROOT / "pyproject.toml").exists()
    assert (paths.PROJECT_ROOT / "lib" / "infoops" / "paths.py").exists()
    assert paths.SAMPLE_DIR.parent == paths.DATA_DIR and paths.NOTEBOOKS_DIR.exists()
    assert paths.outputs_for("sample") == paths.OUTPUTS_DIR / "sample"


def test_cache_folder_is_read_at_call_time(monkeypatch, tmp_path):
    monkeypatch.setenv("INFOOPS_CACHE", str(tmp_path / "c"))
    assert paths.cache_dir() == (tmp_path / "c").resolve()
    monkeypatch.delenv("INFOOPS_CACHE")
    assert paths.cache_dir() == paths.DATA_DIR / "cache"
