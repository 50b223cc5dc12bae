"""Trazo's core, in plain NumPy (never imports Qt or matplotlib), in four folders that import one way:
base (errors, language, files) <- learning (the assignment's maths) <- handwriting (digits made for the
Draw tab's reader) <- services (what the app and the command line do with them)."""
