"""Tests of :mod:`infoops.outputs`: the one place that saves, stamping synthetic data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from infoops import outputs


def test_tables_are_marked_and_figures_stamped_only_when_synthetic(tmp_path):
    df = pd.DataFrame({"x": [1, 2]})
    t = pd.read_csv(outputs.save_table(df, "t", tmp_path, synthetic=True))
    assert list(t.columns) == ["data", "x"] and (t["data"] == "SYNTHETIC").all()
    assert list(pd.read_csv(outputs.save_table(df, "r", tmp_path, synthetic=False)).columns) == ["x"]
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    made = outputs.save_figure(fig, "f", tmp_path, synthetic=True)
    assert [p.suffix for p in made] == [".png", ".svg"] and all(p.stat().st_size > 0 for p in made)
    assert any(outputs.SYNTHETIC_LABEL in t.get_text() for t in fig.texts)
    fig2, _ = plt.subplots()
    outputs.save_figure(fig2, "g", tmp_path, synthetic=False)
    assert not fig2.texts
    plt.close("all")


def test_saving_is_byte_for_byte_reproducible(tmp_path):
    def draw(folder):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        return outputs.save_figure(fig, "f", folder, synthetic=True)
    a, b = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    plt.close("all")
