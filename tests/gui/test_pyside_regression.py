"""PySide6 6.12.0 lost a reference to None on every call of a C++ method returning void; on CPython
3.11 (where None is not immortal) the count reached zero after a few thousand calls and the process
aborted in none_dealloc. The canvas makes such calls on every mouse move, so a drawing session is
thousands of them. requirements.txt excludes 6.12; this test catches a binding that does it again.

The calls run in a child process, so an abort fails this test instead of killing the test run.
"""

import subprocess
import sys
import textwrap

import PySide6

CALLS = 20_000

CHILD = textwrap.dedent(f"""
    import sys
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

    app = QGuiApplication([])
    image = QImage(28, 28, QImage.Format.Format_Grayscale8)
    path = QPainterPath(QPointF(0, 0))
    painter = QPainter(image)
    painter.setPen(QPen(QColor(Qt.GlobalColor.black), 2))
    before = sys.getrefcount(None)
    for step in range({CALLS}):
        image.fill(QColor(Qt.GlobalColor.white))        # void
        path.lineTo(step % 28, 27.5)                    # void
        painter.drawLine(0, 0, step % 28, 27)           # void
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, step % 2 == 0)  # void
    after = sys.getrefcount(None)
    painter.end()
    print(before, after, path.elementCount())
""")


def test_twenty_thousand_void_calls_neither_abort_nor_leak_none():
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, (f"PySide6 {PySide6.__version__} died after void calls "
                                    f"(exit {result.returncode}): {result.stderr[-2000:]}")
    before, after, elements = (int(value) for value in result.stdout.split())
    assert elements == CALLS + 1
    if before < 1 << 29:  # None is not immortal (CPython before 3.12): its count must hold steady
        assert abs(after - before) < 100, f"None's reference count went from {before} to {after}"
