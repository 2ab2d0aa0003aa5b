"""Settings for the engine tests: the package on sys.path and the shared helpers in ``engine_kit``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
for path in (ROOT, HERE):  # the package is not installed in every test environment
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
