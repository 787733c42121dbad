"""The content contract: pydantic models of every YAML file under content/."""

from .base import A_CONFIRMER, DocumentRef, OperatorRef, Source, VocabRef
from .operator import ELEMENTS, Contact, Operator
from .project import Phase, Project
from .site import SiteConfig
from .sources import SourceDocuments
from .vocabularies import Term, Vocabularies

__all__ = [
    "A_CONFIRMER",
    "ELEMENTS",
    "Contact",
    "DocumentRef",
    "Operator",
    "OperatorRef",
    "Phase",
    "Project",
    "SiteConfig",
    "Source",
    "SourceDocuments",
    "Term",
    "VocabRef",
    "Vocabularies",
]
