"""A seeded synthetic release in the archive's exact format, with planted
signals and their ground truth (see :mod:`infoops.synthetic.release`)."""

from .config import GENERATOR_VERSION, SyntheticConfig
from .release import generate_release

__all__ = ["GENERATOR_VERSION", "SyntheticConfig", "generate_release"]
