"""``load()``: archive files in, a :class:`~infoops.archive.dataset.Dataset` out.

The reader discovers the files (:mod:`infoops.archive.discover`), converts each
one once into the Parquet cache (:mod:`infoops.archive.convert`) and hands the
cache entries to a Dataset, which joins them with DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .. import paths
from .cache import is_cached
from .convert import convert
from .dataset import Dataset
from .discover import SourceFile, discover


class _ByteProgress:
    """One progress bar over all files to convert, advanced by bytes converted."""

    def __init__(self, sources: Sequence[SourceFile], enabled: bool):
        self.bar = None
        sizes = [s.path.stat().st_size for s in sources]
        if enabled and sources:
            from tqdm.auto import tqdm
            self.bar = tqdm(total=sum(sizes), desc="converting", unit="B", unit_scale=True,
                            unit_divisor=1024, leave=False)
        self.sizes = sizes

    def file(self, index: int):
        """Callback for file ``index``: fraction of that file done -> bar."""
        start = sum(self.sizes[:index])

        def update(fraction: float) -> None:
            """Move the bar to this file's fraction."""
            if self.bar is not None:
                self.bar.n = start + int(fraction * self.sizes[index])
                self.bar.refresh()
        return update if self.bar is not None else None

    def close(self) -> None:
        """Finish the bar (every byte converted)."""
        if self.bar is not None:
            self.bar.n = sum(self.sizes)
            self.bar.close()


def load(paths_or_files: str | Path | Iterable[str | Path], *,
         campaign: str | Mapping[str, str] | None = None,
         campaign_column: str | None = None,
         encoding: str | Mapping[str, str] | None = None,
         cache_dir: str | Path | None = None,
         refresh: bool = False,
         progress: bool = True) -> Dataset:
    """Load archive files (folders are searched recursively).

    Parameters
    ----------
    paths_or_files : folder(s) and/or file(s): ``.csv``, ``.csv.gz`` or ``.zip``.
    campaign : override the campaign read from file names: one name for all,
        or a mapping from file name to campaign.
    campaign_column : take each tweet's campaign from this extra column when
        it is present and filled (e.g. ``campaign_inferred`` in re-saved mixes).
    encoding : the text encoding of files saved in neither UTF-8 nor UTF-16
        with a byte-order mark (a Python codec name, e.g. ``cp1251`` for a file
        re-saved on a Russian Windows, ``utf-16-le`` for UTF-16 without the
        mark): one for all files, or a mapping from file name (or path) to
        encoding. By default UTF-8 is read, UTF-16 with a byte-order mark is
        recognised, and Windows-1252 is detected when the text reads as
        Western European in it.
    cache_dir : where the Parquet cache lives (default ``data/cache``).
    refresh : convert again even when the cache is current.
    progress : show a progress bar (bytes converted over all files that are not
        cached yet; DuckDB streams each file, so memory stays bounded).
    """
    sources, ignored = discover(paths_or_files, campaign=campaign, encoding=encoding)
    root = Path(cache_dir) if cache_dir else paths.cache_dir()
    # The bar only appears when something needs converting (a warm cache is silent).
    todo = [s for s in sources if refresh or not is_cached(s, root)]
    bar = _ByteProgress(todo, progress)
    entries = []
    try:
        for s in sources:
            callback = bar.file(todo.index(s)) if s in todo else None
            entries.append(convert(s, cache_root=root, refresh=refresh, progress=callback))
    finally:
        bar.close()
    return Dataset(entries=entries, ignored=ignored, campaign_column=campaign_column)
