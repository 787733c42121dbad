"""Read YAML content files into plain data, remembering the line of every value.

The C parser (libyaml) composes the node tree when it is available; walking the
tree ourselves gives each value's line for free, and lets us refuse what an
editor never needs and an attacker likes: aliases (the "billion laughs" bomb),
merge keys and duplicate keys, which PyYAML would otherwise accept silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .issues import ContentIssue

try:  # libyaml is much faster; fall back to pure Python where it is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """One YAML file: its data and the line (1-based) of each value path."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Path_) -> int:
        """Line of the value at ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class _Refused(Exception):
    def __init__(self, line: int, message: str, field_path: str = "", alias: bool = False):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field_path = field_path
        self.alias = alias


def _first_alias_line(text: str) -> int | None:
    """Line of the first alias (composed nodes only remember the anchor's line)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def format_loc(loc: Path_) -> str:
    """('contacts', 0, 'valeur') -> 'contacts[0].valeur'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_document(path: Path, display: str | None = None) -> Document | ContentIssue:
    """Load one YAML file; on failure return the issue that explains why."""
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ContentIssue(display, 1, "", f"fichier illisible ({exc.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ContentIssue(
            display, line, "", f"le fichier n'est pas encodé en UTF-8 (octet {raw[exc.start]:#04x} à la position {exc.start}) ; enregistrez-le en UTF-8"
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return ContentIssue(display, 1, "", "le fichier est vide ; attendu le contenu YAML d'une fiche")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "syntaxe incorrecte"
        return ContentIssue(display, line, "", f"erreur de syntaxe YAML : {_translate_yaml(problem)}")
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        return ContentIssue(display, 1, "", f"erreur de syntaxe YAML : {exc}")
    finally:
        loader.dispose()
    if node is None:
        return ContentIssue(display, 1, "", "le fichier est vide ; attendu le contenu YAML d'une fiche")
    document = Document(path, None)
    try:
        document.data = _construct(node, (), document.lines, loader, set())
    except _Refused as exc:
        line = _first_alias_line(text) if exc.alias else exc.line
        return ContentIssue(display, line or exc.line, exc.field_path, exc.message)
    return document


_YAML_PROBLEMS = {
    "mapping values are not allowed": "deux-points inattendu (une valeur contenant « : » doit être entre guillemets, ou l'indentation est décalée)",
    "could not find expected ':'": "« : » attendu après une clé (vérifiez l'indentation ou un guillemet non fermé)",
    "found character '\\t' that cannot start any token": "tabulation trouvée ; indentez avec des espaces",
    "did not find expected key": "clé attendue (vérifiez l'indentation)",
    "did not find expected '-' indicator": "élément de liste « - » attendu (vérifiez l'indentation)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
    "found undefined alias": "alias YAML inconnu",
    "found unknown escape character": "séquence d'échappement inconnue dans une chaîne entre guillemets",
    "expected <block end>, but found '-'": "élément de liste « - » mal indenté",
}


def _translate_yaml(problem: str) -> str:
    for english, french in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return french
    return problem


def _construct(node: yaml.Node, loc: Path_, lines: dict, loader: Any, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    lines[loc] = line
    if id(node) in seen:
        raise _Refused(line, "les alias YAML (« *nom ») ne sont pas acceptés ; recopiez la valeur", format_loc(loc), alias=True)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, loc, loader)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, loc + (i,), lines, loader, seen) for i, child in enumerate(node.value)]
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _Refused(key_node.start_mark.line + 1, "la clé de fusion YAML « << » n'est pas acceptée ; écrivez les champs", format_loc(loc))
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(key_node.start_mark.line + 1, "une clé doit être un simple mot", format_loc(loc))
        key = _scalar(key_node, loc, loader)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            key = str(key)
        if key in result:
            raise _Refused(
                key_node.start_mark.line + 1,
                f"la clé « {key} » apparaît deux fois ; gardez-en une seule",
                format_loc(loc + (key,)),
            )
        lines[loc + (key,)] = key_node.start_mark.line + 1
        result[key] = _construct(value_node, loc + (key,), lines, loader, seen)
        lines[loc + (key,)] = key_node.start_mark.line + 1
    return result


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.ScalarNode, loc: Path_, loader: Any) -> Any:
    if node.tag == _STR_TAG:  # what SafeConstructor.construct_yaml_str returns, without its bookkeeping
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise _Refused(node.start_mark.line + 1, f"étiquette YAML non acceptée ({exc.problem})", format_loc(loc)) from None
    except ValueError:
        # e.g. a date-looking value that is not a date (2026-13-45): keep the text,
        # the model then says precisely what is wrong with it.
        return node.value
