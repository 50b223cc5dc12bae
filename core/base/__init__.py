"""What every part of the core stands on: errors, the user's language, the shipped files, the one atomic
writer, type-checked JSON, text made visible, the version. Imports nothing else of the core."""
