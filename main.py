"""Trazo from a checkout: start the app, or test, train and report from the command line.

    python main.py                 # the desktop app
    python main.py test            # test the shipped model on rows 900-999
    python main.py train           # train with the shipped model's recipe
    python main.py report --out report.pdf
    python main.py read foto.jpg   # the digits written on paper in a photo
    python main.py COMMAND --help  # every option; --lang es|en picks the language

Installed, the same is `trazo ...` (trazo/launch.py).
"""

import sys

from trazo.launch import main

if __name__ == "__main__":
    sys.exit(main())
