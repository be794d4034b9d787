"""The desktop app: Qt widgets, windows and dialogs. Only wiring and interaction."""
