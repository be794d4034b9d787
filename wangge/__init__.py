"""Wangge (网格): a desktop GIS for community policing. This package holds the ``wangge`` command."""

__version__ = "0.1.0"
