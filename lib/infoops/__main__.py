"""``python -m infoops``: the command line (see :mod:`infoops.cli`)."""

import sys

from .cli import main

sys.exit(main())
