"""tieup: turn news into a sourced, living record of corporate alliances.

    >>> import tieup
    >>> result = tieup.extract("Ford and Geely are in talks over a partnership, Reuters reported.")
    >>> [a.parties for a in result.alliances]
    [['Ford', 'Geely']]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .model import Alliance, Area, Article, ArticleResult, Citation, Claim, Span, Stage, Structure
from .options import Options
from .pipeline import Skipped, extract, extract_articles, extract_paths
from .read import ReadError, read
from .store import Store

__all__ = [
    "Alliance",
    "Area",
    "Article",
    "ArticleResult",
    "Citation",
    "Claim",
    "Options",
    "ReadError",
    "Skipped",
    "Span",
    "Store",
    "Stage",
    "Structure",
    "__version__",
    "extract",
    "extract_articles",
    "extract_paths",
    "read",
]
