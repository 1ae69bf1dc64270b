"""victimkit — evidence-collection assistant for victims of online scams.

The small public API: open or create a case, import files, verify it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
