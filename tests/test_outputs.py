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


def test_tables_are_written_to_six_significant_digits(tmp_path):
    df = pd.DataFrame({"x": [0.1 + 0.2, 1 / 3 + 1e-13, 123456789.0, 2.5e-12], "n": [1, 2, 3, 4]})
    text = outputs.save_table(df, "t", tmp_path, synthetic=False).read_text()
    assert text.splitlines() == ["x,n", "0.3,1", "0.333333,2", "1.23457e+08,3", "2.5e-12,4"]


def test_numbers_read_plainly():
    assert [outputs.number_text(v) for v in (10.0, 0.29, 123.456, 12345.678, 0.000012, float("nan"))] == \
        ["10", "0.29", "123.5", "12345.7", "1.20e-05", ""]


def test_shown_tables_keep_whole_texts_left_aligned_and_the_same_html_every_time():
    long = "Las sanciones castigan a las familias.\nEl bloqueo financiero golpea la economía <venezolana> " * 3
    df = pd.DataFrame({"example": [long], "share": [10.0], "planted_log_level_change": [0.3]})
    html = outputs.table_html(df)
    assert html == outputs.table_html(df.copy())  # ids come from the content
    assert "familias.\nEl bloqueo" in html and "&lt;venezolana&gt;" in html and "..." not in html
    assert "td.col0 {\n  text-align: left;\n  white-space: pre-wrap;" in html  # the text column only
    assert "td.col1" not in html and ">10</td>" in html
    assert "planted_<wbr>log_<wbr>level_<wbr>change" in html
    many = pd.DataFrame({"n": range(outputs.SHOWN_ROWS + 5)})
    assert f"{outputs.SHOWN_ROWS} of {outputs.SHOWN_ROWS + 5} rows shown" in outputs.table_html(many)
