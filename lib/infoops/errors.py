"""Errors that stop a load. Each message names the file and the problem."""

from __future__ import annotations

from pathlib import Path


class ArchiveError(ValueError):
    """A file (or folder) cannot be read as part of the archive."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class MissingColumnsError(ArchiveError):
    """The header lacks columns without which rows cannot be used."""

    def __init__(self, path: str | Path, missing: list[str], kind: str):
        self.missing = list(missing)
        super().__init__(
            path,
            f"missing required {kind} column(s): {', '.join(missing)} "
            "(the header must name them; columns are read by name)",
        )


class UnsafeZipError(ArchiveError):
    """A zip whose members would escape the extraction folder or whose
    expanded size is absurd (a zip bomb or a corrupt archive)."""
