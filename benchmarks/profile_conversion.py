"""Where the reader's cold-load time goes, on one tweets CSV file.

    .venv/bin/python benchmarks/profile_conversion.py FILE.csv [--reps 3]

Runs, alternately and ``--reps`` times each, the conversion query alone
(DuckDB COPY to Parquet, no cache bookkeeping) in four forms:

- ``all text``: every column as read, no typing (DuckDB's all_varchar copy);
- ``declared types``: counts, booleans, times and dates typed by DuckDB's CSV
  reader, lists parsed and ids checked in SQL as infoops does, but no reasons,
  value issues or snowflake; unsafe (see the casts printed at the end);
- ``infoops``: the reader's own typing and checking query
  (``convert.build_select``);
- ``infoops via pyarrow``: the same query fed by pyarrow's streaming CSV reader.

Prints wall and CPU seconds of each run, then what DuckDB's typed CSV reading
does to odd counts (why ``declared types`` is not used).
The machines are shared and noisy: compare rows of one run.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))

import duckdb  # noqa: E402
from bench_reader import DECLARED_FORMATS, declared_type  # noqa: E402  (the same baseline types)

from infoops.archive import typing_sql as convert  # noqa: E402
from infoops.archive.schema import ID_COLUMNS, LIST_COLUMNS, LOWERCASE_COLUMNS, PIPE_LIST_COLUMNS  # noqa: E402

CSV_OPTIONS = ("auto_detect = false, header = true, delim = ',', quote = '\"', escape = '\"', "
               "nullstr = '', allow_quoted_nulls = true, max_line_size = 2097152")


def _scan(path: str, types: dict[str, str], extra: str = "") -> str:
    columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
    return f"read_csv('{path}', columns = {columns}, {CSV_OPTIONS}{extra})"


def _declared_query(path: str, header: tuple[str, ...]) -> str:
    scan = _scan(path, {c: declared_type(c) for c in header}, ", " + DECLARED_FORMATS)
    sel = []
    for c in header:
        v = convert.quote_name(c)
        if c in LIST_COLUMNS:
            sel.append(f"{convert.list_expr(v)} AS {v}")
        elif c in PIPE_LIST_COLUMNS:
            sel.append(f"{convert.pipe_list_expr(v)} AS {v}")
        elif c in ID_COLUMNS:
            sel.append(f"CASE WHEN NOT {convert.damaged_id(v)} THEN {v} END AS {v}")
        elif c in LOWERCASE_COLUMNS:
            sel.append(f"lower({v}) AS {v}")
        elif c == "tweet_time":
            sel.append(f"{v}::TIMESTAMPTZ AS {v}")
        else:
            sel.append(v)
    return f"SELECT {', '.join(sel)} FROM {scan}"


def _copy(query: str, out: Path, register=None) -> tuple[float, float]:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET TimeZone = 'UTC'")
    if register is not None:
        con.register("src", register())
    t, c = time.perf_counter(), time.process_time()
    con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)")
    result = time.perf_counter() - t, time.process_time() - c
    con.close()
    return result


def _pyarrow_reader(path: str, header: tuple[str, ...]):
    import pyarrow as pa
    import pyarrow.csv as pc

    return pc.open_csv(path, read_options=pc.ReadOptions(block_size=16 << 20),
                       parse_options=pc.ParseOptions(newlines_in_values=True, double_quote=True),
                       convert_options=pc.ConvertOptions(column_types={c: pa.string() for c in header},
                                                         strings_can_be_null=True,
                                                         quoted_strings_can_be_null=True))


def lenient_casts(tmp: Path) -> list[tuple[str, str, object]]:
    """(text in a count column, what DuckDB's CSV reader typed as BIGINT made of it).

    Two columns and no cast in the SELECT: DuckDB pushes a cast to VARCHAR down
    into the reader, which then hands back the text unchanged."""
    values = ["283.5", "283.4", "1e3", "0x10", "1_000", "283.0"]
    f = tmp / "lenient.csv"
    f.write_text("n,raw\n" + "".join(f'"{v}","{v}"\n' for v in values))
    rows = duckdb.sql(f"SELECT raw, n FROM read_csv('{f}', columns = {{'n': 'BIGINT', 'raw': 'VARCHAR'}}, "
                      f"{CSV_OPTIONS})").fetchall()
    return [("BIGINT", raw, n) for raw, n in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", help="one tweets CSV file of the archive")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    path = str(Path(args.file).resolve())
    with open(path, encoding="utf-8", newline="") as fh:
        header = tuple(next(csv.reader(fh)))
    text_scan = _scan(path, {c: "VARCHAR" for c in header})
    ours_scan = text_scan[:-1] + (", store_rejects = true, rejects_table = 'csv_rejects', "
                                  "rejects_scan = 'csv_scans')")
    forms = {
        "all text": (f"SELECT * FROM {text_scan}", None),
        "declared types": (_declared_query(path, header), None),
        "infoops": (convert.build_select(header, "tweets", ours_scan)[0], None),
        "infoops via pyarrow": (convert.build_select(header, "tweets", "src")[0],
                                lambda: _pyarrow_reader(path, header)),
    }
    size_mb = Path(path).stat().st_size / 1e6
    print(f"file: {Path(path).name}, {size_mb:,.0f} MB; {args.reps} alternating runs of each form\n")
    print(f"{'form':22} {'wall s':>28} {'CPU s':>28}")
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in forms}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.reps):
            for name, (query, register) in forms.items():
                results[name].append(_copy(query, Path(tmp) / "out.parquet", register))
        for name, runs in results.items():
            wall = ", ".join(f"{w:.2f}" for w, _ in runs)
            cpu = ", ".join(f"{c:.2f}" for _, c in runs)
            print(f"{name:22} {wall:>28} {cpu:>28}")
        base = min(w for w, _ in results["all text"])
        print("\nbest wall time / best all-text wall time:")
        for name, runs in results.items():
            print(f"  {name:22} {min(w for w, _ in runs) / base:.2f}x")
        print("\nDuckDB's CSV reader typing counts as BIGINT (no reject, no warning);"
              " infoops keeps 283.0 as 283 and reports the others as value issues:")
        for typ, raw, got in lenient_casts(Path(tmp)):
            print(f"  {typ:8} {raw!r:10} -> {got!r}")


if __name__ == "__main__":
    main()
