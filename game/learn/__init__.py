"""What a trainee is taught before they are scored: the primer and the glossary. Pure data."""

from .glossary import Entry, glossary_for
from .primer import PRIMER, PrimerPage

__all__ = ["Entry", "PRIMER", "PrimerPage", "glossary_for"]
