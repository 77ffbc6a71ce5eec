"""Frozen entry point of the command line (PyInstaller)."""
import sys

from siibai_desktop.cli.main import main

sys.exit(main())
