"""四百走访 desktop: the residents' committee visit-programme app."""

__version__ = "0.1.0"
APP_NAME = "siibai_desktop"
