"""What each field of a content model is, read once from its annotation and pydantic's metadata.

The one walker over field metadata (issue 14): the cross-checks find the fields that name
something defined elsewhere (:class:`VocabRef`, :class:`OperatorRef`, :class:`DocumentRef`), the
editors' templates and CONTRIBUTING's reference describe each field, the validation's messages
find the model under a path, the /donnees/ page lists the fields. All of them read
:func:`fields_of`; none unpacks ``Annotated``, unions or lists itself.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .base import A_CONFIRMER, DocumentRef, OperatorRef, VocabRef

#: The markers of a field whose value names something defined elsewhere.
REF_MARKERS = (VocabRef, OperatorRef, DocumentRef)


@dataclass(frozen=True)
class ModelField:
    """One field of a model: its value's type, constraints and markers, unpacked."""

    name: str
    info: FieldInfo
    #: The type of the value, or of each item of a list, without ``Annotated``: the first member of
    #: its union other than None and « a_confirmer ».
    value: Any
    #: A list of such values.
    many: bool
    #: None is allowed.
    optional: bool
    #: « a_confirmer » is allowed.
    a_confirmer: bool
    #: Constraints and markers of the value itself (pydantic's, then its type's ``Annotated``):
    #: a text's, or a list's (its number of items).
    own: tuple[Any, ...]
    #: Those of each item of a list.
    item: tuple[Any, ...]
    #: Its VocabRef / OperatorRef / DocumentRef, wherever they sit in the annotation.
    markers: tuple[Any, ...]

    @property
    def metadata(self) -> tuple[Any, ...]:
        """Every constraint and marker: the value's, then its items'."""
        return self.own + self.item

    @property
    def model(self) -> type[BaseModel] | None:
        """The model of the value (or of each item), when it is one."""
        return self.value if isinstance(self.value, type) and issubclass(self.value, BaseModel) else None


@functools.cache  # a function of the class: read once per class
def fields_of(model: type[BaseModel]) -> tuple[ModelField, ...]:
    """The fields of ``model``, in the order of the model (which is the order of the fiche)."""
    return tuple(_field(name, info) for name, info in model.model_fields.items())


def _field(name: str, info: FieldInfo) -> ModelField:
    members, optional, a_confirmer = _union_members(info.annotation)
    value, own = _strip_annotated(members[0])
    item: list[Any] = []
    many = get_origin(value) is list
    if many:
        value, item = _strip_annotated(get_args(value)[0])
    markers = [m for m in info.metadata if isinstance(m, REF_MARKERS)]
    markers += [m for m in _metadata_in(info.annotation) if isinstance(m, REF_MARKERS)]
    return ModelField(
        name=name,
        info=info,
        value=value,
        many=many,
        optional=optional,
        a_confirmer=a_confirmer,
        own=tuple(info.metadata) + tuple(own),
        item=tuple(item),
        markers=tuple(markers),
    )


def _is_a_confirmer(annotation: Any) -> bool:
    return get_origin(annotation) is Literal and get_args(annotation) == (A_CONFIRMER,)


def _union_members(annotation: Any) -> tuple[list[Any], bool, bool]:
    """(members other than None and « a_confirmer », whether None is allowed, whether « a_confirmer » is)."""
    args = list(get_args(annotation)) if get_origin(annotation) in (Union, types.UnionType) else [annotation]
    members = [a for a in args if a is not type(None) and not _is_a_confirmer(a)]
    return members, type(None) in args, any(_is_a_confirmer(a) for a in args)


def _strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        args = get_args(annotation)
        annotation, metadata = args[0], metadata + list(args[1:])
    return annotation, metadata


def _metadata_in(annotation: object) -> Iterator[Any]:
    """The ``Annotated`` metadata anywhere inside the annotation (lists, unions), never inside a model."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        yield from getattr(current, "__metadata__", ())
        stack.extend(getattr(current, "__args__", ()))
        origin = getattr(current, "__origin__", None)
        if origin is not None and hasattr(origin, "__metadata__"):
            stack.append(origin)
