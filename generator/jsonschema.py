"""Write the JSON Schema files that editors' YAML language servers read."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from schema import Vocabularies, base

from .cartography import display_path
from .content import KINDS
from .issues import ContentError, ContentIssue
from .loader import load_document
from .validation import validate_document

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema" / "json"

#: Kind name -> JSON Schema file name (French, as editors see it in the first line of a fiche).
SCHEMA_FILES = {
    "site": "site.schema.json",
    "vocabulaires": "vocabulaires.schema.json",
    "operators": "operateur.schema.json",
    "projects": "projet.schema.json",
    "orientation": "orientation.schema.json",
}


def schema_documents(vocabularies: dict[str, list[str]]) -> dict[str, str]:
    """File name -> JSON text, with vocabulary ids offered as completions."""
    base.SCHEMA_VOCABULARIES.clear()
    base.SCHEMA_VOCABULARIES.update(vocabularies)
    try:
        out = {}
        for kind in KINDS:
            out[SCHEMA_FILES[kind.name]] = _render(kind.model, kind.name)
        return out
    finally:
        base.SCHEMA_VOCABULARIES.clear()


def _render(model: type[BaseModel], name: str) -> str:
    schema = model.model_json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_FILES[name],
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def vocabulary_ids(vocab) -> dict[str, list[str]]:
    return {name: vocab.ids(name) for name in type(vocab).model_fields}


def write_schemas(vocab, out_dir: Path = SCHEMA_DIR) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in schema_documents(vocabulary_ids(vocab)).items():
        target = out_dir / filename
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(display_path(target))
    return written


def load_vocabularies(content: Path) -> Vocabularies:
    """Only ``vocabulaires.yaml``: the schema does not depend on the fiches."""
    path = Path(content) / "vocabulaires.yaml"
    display = display_path(path)
    document = load_document(path, display)
    if not isinstance(document, ContentIssue):
        result = validate_document(document, Vocabularies, display)
        if not isinstance(result, list):
            return result
        raise ContentError(result)
    raise ContentError([document])
