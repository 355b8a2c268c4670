"""extractor: who said what in French news.

Example:
    >>> from extractor import analyze
    >>> result = analyze("« Nous ne reculerons pas », a déclaré Élisabeth Borne.")
    >>> result.quotes[0].speaker
    'Élisabeth Borne'
"""

from .pipeline import DEFAULT_MODEL, ModelNotFound, analyze, analyze_many, load_pipeline
from .records import Analysis, Entity, Mention, Quote
from .records import __version__ as __version__

__all__ = [
    "DEFAULT_MODEL",
    "Analysis",
    "Entity",
    "Mention",
    "ModelNotFound",
    "Quote",
    "analyze",
    "analyze_many",
    "load_pipeline",
]
