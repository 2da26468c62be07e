"""Re-execute the stored notebooks in place, on the embedded synthetic sample.

    .venv/bin/python scripts/execute_notebooks.py [01_timing ...]

nbval (``make test``) re-runs each notebook and compares the cells marked
``# NBVAL_CHECK_OUTPUT`` with the outputs stored in it, so the stored outputs
must come from the current code: run this after changing a notebook or what
it calls, then commit the notebooks. Each runs with its default parameters in
the notebooks folder (as nbval runs it); cell timestamps are dropped so a
re-run changes only what the code changed.
"""

from __future__ import annotations

import contextlib
import sys

import nbformat
from nbclient import NotebookClient

from infoops import paths
from infoops.report.inputs import ensure_sample, notebooks
from infoops.report.runner import IPCKernelManager


def execute(nb_path) -> None:
    """Execute one notebook in place and drop the volatile per-cell timestamps."""
    nb = nbformat.read(nb_path, as_version=4)
    # Client and kernel share the notebooks folder as working directory: the
    # kernel's local sockets (IPC) are named relative to it.
    with contextlib.chdir(paths.NOTEBOOKS_DIR):
        NotebookClient(nb, kernel_name="python3", timeout=1800, kernel_manager_class=IPCKernelManager,
                       resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, nb_path)


def main(selected: list[str]) -> int:
    """Execute the selected notebooks (all when none are named)."""
    ensure_sample()
    for nb in notebooks(selected or None):
        print(f"executing {nb.name}", flush=True)
        execute(nb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
