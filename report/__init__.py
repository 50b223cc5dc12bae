"""Documents made from the numbers: the assignment report (HTML, Markdown, PDF) and its figures.

This layer reads core/ and may use matplotlib, Jinja2 and QtGui; it never imports the app's widgets
(gui/), so the command line writes every document without a window.
"""
