"""Cartography, georeferencing and rendering. Uses QtCore/QtGui, never QtWidgets."""
