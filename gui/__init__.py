"""Trazo's desktop app: PySide6 widgets and wiring around the NumPy core; no maths lives here."""
