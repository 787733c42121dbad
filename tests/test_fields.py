"""schema.fields: the one reading of a field's annotation that the checks, the templates, the
field reference, the validation's messages and the /donnees/ page share."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic.fields import FieldInfo

from schema.base import AConfirmer, OperatorId, StrictModel, Text, vocab
from schema.fields import fields_of

Reseau = vocab("reseaux", "Un réseau.")


class Item(StrictModel):
    nom: Text(10)


class Sample(StrictModel):
    reseaux: Annotated[list[Reseau], Field(max_length=3)] | AConfirmer = Field(description="Des réseaux.")
    responsable: OperatorId | None = None
    items: list[Item] = Field(default_factory=list, max_length=4)
    titre: Text(20)


def _bounds(metadata) -> list[int]:
    """The max_length constraints, those of a Field(...) inside Annotated included."""
    flat = [inner for m in metadata for inner in (m.metadata if isinstance(m, FieldInfo) else [m])]
    return [m.max_length for m in flat if isinstance(getattr(m, "max_length", None), int)]


def test_a_field_is_read_through_unions_lists_and_annotated():
    reseaux, responsable, items, titre = fields_of(Sample)
    assert (reseaux.name, reseaux.value, reseaux.many, reseaux.a_confirmer, reseaux.optional) == (
        "reseaux",
        str,
        True,
        True,
        False,
    )
    assert [m.vocabulary for m in reseaux.markers] == ["reseaux"]
    assert _bounds(reseaux.own) == [3]  # the list's bound, not its items'
    assert _bounds(reseaux.item) == [60]
    assert responsable.optional and not responsable.many and type(responsable.markers[0]).__name__ == "OperatorRef"
    assert items.model is Item and items.many and not items.markers
    assert titre.model is None and not titre.markers and not titre.many


def test_a_model_is_read_once():
    assert fields_of(Sample) is fields_of(Sample)
