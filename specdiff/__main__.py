"""Lets `python -m specdiff` run the command line, as scripts/spec-diff does."""

import sys

from specdiff.cli import main

sys.exit(main())
