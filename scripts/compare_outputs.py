"""Compare two report folders table by table and figure by figure.

    python scripts/compare_outputs.py outputs/sample /path/to/other/outputs/sample

Prints one line per table (CSV) and figure (PNG, SVG): ``identical``, or
``DIFFERENT`` with what differs (for tables: the largest relative difference
of numeric cells and the number of differing text cells), and exits 1 when
anything differs or is missing. Rendered pages, executed notebooks and the
manifest are left out: they carry run times and hashes of the code.
Used to show that a refactoring left every result unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def compare_tables(a: Path, b: Path) -> str:
    """``identical`` or what differs between two CSV tables."""
    if a.read_bytes() == b.read_bytes():
        return "identical"
    x, y = pd.read_csv(a, dtype=str, keep_default_na=False), pd.read_csv(b, dtype=str, keep_default_na=False)
    if x.shape != y.shape or list(x.columns) != list(y.columns):
        return f"DIFFERENT shape/columns {x.shape} vs {y.shape}"
    num_x, num_y = x.apply(pd.to_numeric, errors="coerce"), y.apply(pd.to_numeric, errors="coerce")
    both = num_x.notna() & num_y.notna()
    rel = ((num_x - num_y).abs() / num_y.abs().clip(lower=1e-12)).where(both)
    text = int(((x != y) & ~both).to_numpy().sum())
    return f"DIFFERENT max relative difference {np.nanmax(rel.to_numpy(), initial=0):.2e}, {text} text cell(s)"


def main(argv: list[str]) -> int:
    """Compare the tables and figures of two report folders; 0 when all are identical."""
    left, right = Path(argv[0]), Path(argv[1])
    names = sorted({p.relative_to(left) for p in left.rglob("*") if p.suffix in (".csv", ".png", ".svg")}
                   | {p.relative_to(right) for p in right.rglob("*") if p.suffix in (".csv", ".png", ".svg")})
    bad = 0
    for rel in names:
        a, b = left / rel, right / rel
        if not (a.exists() and b.exists()):
            verdict = f"MISSING in {'left' if not a.exists() else 'right'}"
        elif rel.suffix == ".csv":
            verdict = compare_tables(a, b)
        else:
            verdict = "identical" if a.read_bytes() == b.read_bytes() else "DIFFERENT bytes"
        bad += verdict != "identical"
        print(f"{verdict:>12}  {rel}" if verdict == "identical" else f"{rel}: {verdict}")
    print(f"{len(names) - bad} of {len(names)} tables and figures identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
