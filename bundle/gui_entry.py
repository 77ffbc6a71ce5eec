"""Frozen entry point of the GUI (PyInstaller)."""
import sys

from siibai_desktop.ui.app import main

sys.exit(main())
