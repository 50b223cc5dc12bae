"""Digits made for the Draw tab's reader: drawings reduced to 28x28 like MNIST's, handwriting styles,
re-penned training digits. Imports core.base and core.learning."""
