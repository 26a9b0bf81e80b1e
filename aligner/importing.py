"""Importing NLTK quickly: its package ``__init__`` imports ``nltk.collocations``, which imports SciPy where SciPy is
installed (0.6 s of every run here) for statistics this tool never uses. NLTK guards each of its SciPy imports, so
hiding SciPy during the import only turns those statistics off; SciPy itself imports normally afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def nltk_without_scipy() -> Iterator[None]:
    """Wrap the first import of an NLTK module: ``with nltk_without_scipy(): from nltk.stem import ...``."""
    hide = "scipy" not in sys.modules
    if hide:
        sys.modules["scipy"] = None  # type: ignore[assignment]  # makes "import scipy" raise ImportError
    try:
        yield
    finally:
        if hide:
            del sys.modules["scipy"]
