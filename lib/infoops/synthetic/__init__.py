"""Synthetic releases in the archive's exact format, with planted signals."""

from .generator import GENERATOR_VERSION, SyntheticConfig, generate_release

__all__ = ["SyntheticConfig", "generate_release", "GENERATOR_VERSION"]
