"""Run the command line as ``python -m aigovernance``."""

import sys

from aigovernance.cli import main

if __name__ == "__main__":
    sys.exit(main())
