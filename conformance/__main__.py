"""Entry point for `python -m conformance`."""

import sys

from conformance.entry.cli import main

sys.exit(main())
