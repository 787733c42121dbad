"""The content contract: pydantic models of every YAML file under content/."""

from .base import A_CONFIRMER, OperatorRef, Source, VocabRef
from .operator import ELEMENTS, Contact, Operator
from .project import Phase, Project
from .site import SiteConfig
from .vocabularies import Term, Vocabularies

__all__ = [
    "A_CONFIRMER", "ELEMENTS", "Contact", "Operator", "OperatorRef", "Phase", "Project",
    "SiteConfig", "Source", "Term", "VocabRef", "Vocabularies",
]
