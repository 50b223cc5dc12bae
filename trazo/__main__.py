"""`python -m trazo`: the same as the `trazo` command and `python main.py`."""

import sys

from trazo.launch import main

sys.exit(main())
