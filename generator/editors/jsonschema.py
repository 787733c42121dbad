"""Write the JSON Schema files that editors' YAML language servers read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.common.paths import TOOL_ROOT
from generator.content.cartography import display_path
from generator.content.issues import ContentError, ContentIssue
from generator.content.loader import load_document
from generator.content.validation import validate_document
from schema import Vocabularies, base
from schema.kinds import KINDS, VOCABULARIES, Kind

SCHEMA_DIR = TOOL_ROOT / "schema" / "json"


def schema_documents(vocabularies: dict[str, list[str]]) -> dict[str, str]:
    """File name -> JSON text, with vocabulary ids offered as completions."""
    return {kind.schema_file: _render(kind, vocabularies) for kind in KINDS}


def _with_vocabularies(value: Any, vocabularies: dict[str, list[str]]) -> Any:
    """The schema with each vocabulary field (marked by schema.VocabRef) listing its ids."""
    if isinstance(value, list):
        return [_with_vocabularies(item, vocabularies) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _with_vocabularies(item, vocabularies) for key, item in value.items() if key != base.VOCABULARY_MARK}
    ids = vocabularies.get(str(value.get(base.VOCABULARY_MARK)))
    if ids:
        out.pop("pattern", None)  # the list of ids says it all
        out = dict(sorted({**out, "enum": list(ids)}.items()))  # pydantic sorts a field's keys so
    return out


#: The template's placeholder, with or without its accents (generator.placeholders refuses both).
PLACEHOLDER_PATTERN = "[AÀ] COMPL[EÉ]TER"


def _without_placeholder(value: Any) -> Any:
    """The schema with every free text refusing « À COMPLÉTER », as validate does."""
    if isinstance(value, list):
        return [_without_placeholder(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _without_placeholder(item) for key, item in value.items()}
    if out.get("type") == "string" and not {"enum", "const", "pattern"} & out.keys():
        out["not"] = {"pattern": PLACEHOLDER_PATTERN}
    return out


def _render(kind: Kind, vocabularies: dict[str, list[str]]) -> str:
    schema = _with_vocabularies(kind.model.model_json_schema(by_alias=True), vocabularies)
    schema = _without_placeholder(schema)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": kind.schema_file,
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
    path = Path(content) / VOCABULARIES.pattern
    display = display_path(path)
    document = load_document(path, display)
    if not isinstance(document, ContentIssue):
        result = validate_document(document, Vocabularies, display)
        if not isinstance(result, list):
            return result
        raise ContentError(result)
    raise ContentError([document])
