"""Notebooks -> report: the notebook context, the runner and the rendered index."""
