"""Entry point for ``python -m analysis``.

A Python without the package's dependencies (the system Python, outside ``.venv``)
gets one line saying what to do, not a traceback.
"""

import sys

from analysis.errors import missing_dependency

try:
    from analysis.cli import main
except ModuleNotFoundError as error:
    sys.exit(missing_dependency(error))

sys.exit(main())
