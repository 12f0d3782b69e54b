#!/usr/bin/env python3
"""Command-line entry point: ``python make_reports.py COMMAND …`` (see ``--help``)."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
