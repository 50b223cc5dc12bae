"""Trazo's core: the assignment's neural network in plain NumPy (never imports Qt)."""
