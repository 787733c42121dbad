"""Read YAML content files into plain data, remembering the line of every value.

Content files come by pull request from anyone and are built by CI: they are untrusted
input, and every way they can be wrong gets a French answer naming file and line, never
a traceback or an English message, and never a byte of a file outside the content:

- a file is opened only if it is a regular file and not a symbolic link (a link could
  publish, or quote in an error, any file of the machine that builds: a secret, /dev/zero);
- at most :data:`MAX_FILE_BYTES` (+1) bytes are read;
- nesting deeper than :data:`MAX_DEPTH` is refused while parsing, before anything is built;
- aliases (the "billion laughs" bomb), merge keys, duplicate keys and tags other than
  YAML's plain scalar types are refused, where PyYAML would accept them silently;
- every parser error is translated (:func:`yaml_problem`); an unknown one gets a generic
  French message, never PyYAML's English text.

The data is built straight from the parser's events (libyaml's C parser when available)
with an explicit stack: no recursion, so no depth can crash the interpreter, and each
value's line comes with its event.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .issues import ContentIssue
from .oserror import reason

try:  # libyaml is much faster; fall back to pure Python where it is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Largest content file read, in bytes. A real fiche weighs 3 to 12 KB (the largest files of
#: content/, a project or the decision tree, about 12 KB): 1 MiB is a hundred times that, yet
#: bounds what a hostile file can make the build hold (at most this + 1 byte is ever read).
MAX_FILE_BYTES = 1 << 20

#: Deepest nesting of lists and field lists accepted. Real files go 5 levels deep; the
#: parser would accept any depth, and building thousands of levels ends in a RecursionError
#: (later, in the model's validation or in code that walks the data) or, from about 100,000
#: levels, in a crash of the interpreter.
MAX_DEPTH = 50

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
    def __init__(self, line: int, message: str, field_path: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field_path = field_path


class _Unreadable(Exception):
    """A file that is not read at all (link, folder, device, too large, OS error)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def format_loc(loc: Path_) -> str:
    """('contacts', 0, 'valeur') -> 'contacts[0].valeur'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- Reading a file -----------------------------------------------------------------------


def symlink_message(name: str) -> str:
    return (f"lien symbolique refusé : « {name} » ; remplacez-le par le fichier ou le dossier lui-même"
            " (aucun lien n'est suivi dans le contenu)")


def _size_text(size: int) -> str:
    return f"{size >> 20} Mio" if size % (1 << 20) == 0 else f"{size >> 10} Kio"


TOO_LARGE = f"fichier trop volumineux (plus de {_size_text(MAX_FILE_BYTES)}) ; une fiche fait quelques Ko"

#: errno -> French, for the errors an editor (or a hostile pull request) can cause.
_NOT_REGULAR = "ce n'est pas un fichier ordinaire (tube, périphérique, socket) ; seuls les fichiers sont lus"
_DIRECTORY = "c'est un dossier, pas un fichier ; une fiche est un fichier « .yaml »"
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _check_mode(mode: int, name: str) -> None:
    if stat.S_ISLNK(mode):
        raise _Unreadable(symlink_message(name))
    if stat.S_ISDIR(mode):
        raise _Unreadable(_DIRECTORY)
    if not stat.S_ISREG(mode):
        raise _Unreadable(_NOT_REGULAR)


def _read_bounded(path: Path) -> bytes:
    """The bytes of a regular file (never through a link), at most MAX_FILE_BYTES of them.

    Raises :class:`_Unreadable` with the French reason otherwise. A FIFO or a device is
    never opened in a way that waits (O_NONBLOCK), and the file read is the one checked
    (fstat on the opened descriptor: nothing can be swapped in between).
    """
    name = os.path.basename(path)
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise _Unreadable(f"fichier illisible : {reason(exc)}") from None
    _check_mode(info.st_mode, name)
    if info.st_size > MAX_FILE_BYTES:
        raise _Unreadable(TOO_LARGE)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP and _OPEN_FLAGS & getattr(os, "O_NOFOLLOW", 0):
            raise _Unreadable(symlink_message(name)) from None  # became a link since lstat
        raise _Unreadable(f"fichier illisible : {reason(exc)}") from None
    try:
        info = os.fstat(fd)
        _check_mode(info.st_mode, name)
        chunks = []
        left = MAX_FILE_BYTES + 1  # one more byte than allowed: enough to know it is too large
        while left > 0:
            chunk = os.read(fd, min(left, max(info.st_size + 1, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _Unreadable(f"fichier illisible : {reason(exc)}") from None
    finally:
        os.close(fd)
    raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:
        raise _Unreadable(TOO_LARGE)
    return raw


# --- Parsing ---------------------------------------------------------------------------------


def load_document(path: Path, display: str | None = None) -> Document | ContentIssue:
    """Load one YAML file; on failure return the issue that explains why."""
    display = display or str(path)
    try:
        raw = _read_bounded(path)
    except _Unreadable as exc:
        return ContentIssue(display, 1, "", exc.message)
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
    document = Document(path, None)
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here already
        document.data = _build(loader, document.lines)
    except _Refused as exc:
        return ContentIssue(display, exc.line, exc.field_path, exc.message)
    except yaml.reader.ReaderError as exc:
        line, message = _reader_problem(text, exc)
        return ContentIssue(display, line, "", message)
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_issue(exc, text)
        return ContentIssue(display, line, "", message)
    except yaml.YAMLError:
        return ContentIssue(display, 1, "", f"erreur de syntaxe YAML : {_GENERIC}")
    finally:
        if loader is not None:
            loader.dispose()
    if document.data is _EMPTY:
        return ContentIssue(display, 1, "", "le fichier est vide ; attendu le contenu YAML d'une fiche")
    return document


_EMPTY = object()
_STR_TAG = "tag:yaml.org,2002:str"
#: Explicit tags accepted on a value: YAML's plain types, which the safe constructor builds
#: (not !!binary: a fiche holds text, and base64 would smuggle in what the reader refuses).
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTION_TAGS = frozenset({None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_ALIAS = "les alias YAML (« *nom ») ne sont pas acceptés ; recopiez la valeur"
_TAG = "étiquette YAML (« ! ») non acceptée ; écrivez la valeur sans étiquette (mettez-la entre guillemets si « ! » fait partie du texte)"
_DEPTH = (f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux de listes et de champs les uns dans les autres"
          " (une fiche en compte 5) ; vérifiez les crochets et l'indentation")


def _build(loader: Any, lines: dict[Path_, int]) -> Any:
    """The data of the stream's single document, built from the parser's events.

    ``lines`` gets the line of each value path: a field's line is the line of its key, an
    element's the line where it starts (as the node tree gave them).
    """
    get_event = loader.get_event
    scalar_event, sequence_start, mapping_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    get_event()  # StreamStartEvent
    if isinstance(loader.peek_event(), yaml.StreamEndEvent):
        return _EMPTY
    get_event()  # DocumentStartEvent
    # Open collections, innermost last: [container, its path, key waiting for its value or None].
    stack: list[list[Any]] = []
    root: Any = _EMPTY
    while True:
        event = get_event()
        kind = type(event)
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()
            if not stack:
                break
            continue
        line = event.start_mark.line + 1
        if stack:
            top = stack[-1]
            container, parent = top[0], top[1]
            if type(container) is list:
                loc = parent + (len(container),)
                lines[loc] = line
            elif top[2] is None:  # a key
                if kind is not scalar_event:
                    if kind is yaml.AliasEvent:
                        raise _Refused(line, _ALIAS, format_loc(parent))
                    raise _Refused(line, "une clé doit être un simple mot", format_loc(parent))
                if event.value == "<<" and event.tag is None and event.implicit[0]:  # resolved as the merge key
                    raise _Refused(line, "la clé de fusion YAML « << » n'est pas acceptée ; écrivez les champs", format_loc(parent))
                key = _scalar(event, loader, parent)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(key)
                loc = parent + (key,)
                if key in container:
                    raise _Refused(line, f"la clé « {key} » apparaît deux fois ; gardez-en une seule", format_loc(loc))
                lines[loc] = line
                top[2] = (key,)
                continue
            else:  # the value of the key just read: its line stays the key's
                loc = parent + top[2]
                top[2] = None
        else:
            loc = ()
            lines[loc] = line
        if kind is scalar_event:
            value = _scalar(event, loader, loc)
        elif kind is sequence_start or kind is mapping_start:
            if event.tag not in _COLLECTION_TAGS:
                raise _Refused(line, _TAG, format_loc(loc))
            if len(stack) >= MAX_DEPTH:
                raise _Refused(line, _DEPTH)
            value = [] if kind is sequence_start else {}
        elif kind is yaml.AliasEvent:
            raise _Refused(line, _ALIAS, format_loc(loc))
        else:  # pragma: no cover - the parser gives nothing else inside a document
            raise _Refused(line, _GENERIC)
        if stack:
            container = stack[-1][0]
            if type(container) is list:
                container.append(value)
            else:
                container[loc[-1]] = value
        else:
            root = value
        if kind is not scalar_event:
            stack.append([value, loc, None])
        elif not stack:
            break
    get_event()  # DocumentEndEvent
    if not isinstance(loader.peek_event(), yaml.StreamEndEvent):
        raise _Refused(loader.peek_event().start_mark.line + 1, _SEVERAL)
    return root


def _scalar(event: yaml.ScalarEvent, loader: Any, loc: Path_) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR_TAG:  # what SafeConstructor.construct_yaml_str returns, without its bookkeeping
            return event.value
        if tag not in _SCALAR_TAGS:  # e.g. "=" or "<<" as a value: PyYAML knows no type for them
            return event.value
    elif tag not in _SCALAR_TAGS:
        raise _Refused(event.start_mark.line + 1, _TAG, format_loc(loc))
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.yaml_constructors[tag](loader, node)
    except yaml.constructor.ConstructorError:  # e.g. !!binary that is not base64
        raise _Refused(event.start_mark.line + 1, _TAG, format_loc(loc)) from None
    except (ValueError, TypeError, AttributeError, OverflowError):
        # e.g. a date-looking value that is not a date (2026-13-45): keep the text,
        # the model then says precisely what is wrong with it.
        return event.value


# --- PyYAML's errors, in French -------------------------------------------------------------

_GENERIC = "syntaxe YAML incorrecte (vérifiez l'indentation, les guillemets, les crochets et les deux-points de cette ligne et de la précédente)"
_QUOTES = "mettez la valeur entre guillemets si ce signe fait partie du texte"
_FLOW_SEQUENCE = "« , » ou « ] » attendu : une liste entre crochets [ ] n'est pas fermée, ou un élément contient un signe à mettre entre guillemets"
_FLOW_MAPPING = "« , » ou « } » attendu : des accolades { } ne sont pas fermées, ou une valeur contient un signe à mettre entre guillemets"
_TAG_SYNTAX = f"étiquette YAML (« ! ») mal formée ; une fiche n'en utilise pas : {_QUOTES}"
_ANCHOR = f"« & » ou « * » doit être suivi d'un nom (ancre ou alias YAML) ; {_QUOTES}"
_DIRECTIVE = "directive YAML (ligne commençant par « % ») non acceptée ; supprimez-la"
_ESCAPE = "séquence d'échappement inconnue dans une chaîne entre guillemets (« \\ » ; doublez-la ou utilisez des guillemets simples)"
_HEX_ESCAPE = "séquence d'échappement « \\x », « \\u » ou « \\U » incomplète dans une chaîne entre guillemets"
_BLOCK_SCALAR = "après « | » ou « > », seuls « + », « - », un chiffre de 1 à 9 ou un commentaire sont permis sur la ligne"
_DOCUMENT = "fin de document « ... » ou nouveau document « --- » inattendu ; un fichier ne contient qu'une fiche"
_COLON = "deux-points inattendu (une valeur contenant « : » doit être entre guillemets, ou l'indentation est décalée)"
_KEY = "clé attendue (vérifiez l'indentation)"
_TAB = "tabulation trouvée ; indentez avec des espaces"
_SEVERAL = "un second document YAML commence ici (« --- ») ; un fichier ne contient qu'une fiche"

#: Start of PyYAML's problem texts -> French: libyaml's (the C parser), then the pure-Python
#: parser's. The first that matches wins: a longer prefix comes before a shorter one.
YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    # Both parsers
    ("mapping values are not allowed", _COLON),
    ("could not find expected ':'", "« : » attendu après une clé (vérifiez l'indentation ou un guillemet non fermé)"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"),
    ("found unknown escape character", _ESCAPE),
    ("found undefined alias", _ALIAS),
    ("found duplicate anchor", _ALIAS),
    ("found undefined tag handle", _TAG_SYNTAX),
    ("expected a single document", _SEVERAL),
    ("but found another document", _SEVERAL),
    # libyaml
    ("found a tab character", _TAB),
    ("did not find expected key", _KEY),
    ("did not find expected '-' indicator", "élément de liste « - » attendu (vérifiez l'indentation)"),
    ("did not find expected ',' or ']'", _FLOW_SEQUENCE),
    ("did not find expected ',' or '}'", _FLOW_MAPPING),
    ("did not find expected node content", f"valeur attendue ; {_QUOTES}"),
    ("did not find expected <document start>", _DOCUMENT),
    ("found unexpected document indicator", "« --- » ou « ... » en début de ligne dans un texte entre guillemets ; indentez la suite du texte"),
    ("block sequence entries are not allowed", "élément de liste « - » inattendu ici (vérifiez l'indentation)"),
    ("mapping keys are not allowed", "clé « ? » inattendue ici (vérifiez l'indentation)"),
    ("found unexpected ':'", _COLON),
    ("did not find expected hexdecimal number", _HEX_ESCAPE),
    ("found an indentation indicator equal to 0", _BLOCK_SCALAR),
    ("did not find expected comment or line break", "texte inattendu en fin de ligne (un commentaire commence par « # » précédé d'une espace)"),
    ("did not find expected whitespace or line break", _TAG_SYNTAX),
    ("did not find the expected '>'", _TAG_SYNTAX),
    ("did not find expected tag URI", _TAG_SYNTAX),
    ("did not find URI escaped octet", _TAG_SYNTAX),
    ("did not find expected '!'", _TAG_SYNTAX),
    ("found unknown directive name", _DIRECTIVE),
    ("could not find expected directive name", _DIRECTIVE),
    ("found duplicate %YAML directive", _DIRECTIVE),
    ("found duplicate %TAG directive", _DIRECTIVE),
    ("found incompatible YAML document", _DIRECTIVE),
    ("found extremely long version number", _DIRECTIVE),
    ("did not find expected version number", _DIRECTIVE),
    ("did not find expected digit or '.' character", _DIRECTIVE),
    # The pure-Python parser
    ("expected <block end>, but found '-'", "élément de liste « - » mal indenté"),
    ("expected <block end>", _KEY),
    ("expected ',' or ']'", _FLOW_SEQUENCE),
    ("expected ',' or '}'", _FLOW_MAPPING),
    ("expected the node content", f"valeur attendue ; {_QUOTES}"),
    ("expected '<document start>'", _DOCUMENT),
    ("found unexpected document separator", "« --- » ou « ... » en début de ligne dans un texte entre guillemets ; indentez la suite du texte"),
    ("sequence entries are not allowed", "élément de liste « - » inattendu ici (vérifiez l'indentation)"),
    ("mapping keys are not allowed", "clé « ? » inattendue ici (vérifiez l'indentation)"),
    ("expected escape sequence of", _HEX_ESCAPE),
    ("expected chomping or indentation indicators", _BLOCK_SCALAR),
    ("expected indentation indicator", _BLOCK_SCALAR),
    ("expected URI", _TAG_SYNTAX),
    ("expected '!'", _TAG_SYNTAX),
    ("expected '>'", _TAG_SYNTAX),
    ("expected non-empty name appended to the tag", _TAG_SYNTAX),
    ("found duplicate YAML directive", _DIRECTIVE),
    ("duplicate tag handle", _DIRECTIVE),
    ("expected a digit", _DIRECTIVE),
    ("expected a comment or a line break", "texte inattendu en fin de ligne (un commentaire commence par « # » précédé d'une espace)"),
)

#: When the problem alone does not say it: what was being read (the error's context).
YAML_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("while scanning an anchor", _ANCHOR),
    ("while scanning an alias", _ANCHOR),
    ("while scanning a tag", _TAG_SYNTAX),
    ("while parsing a tag", _TAG_SYNTAX),
    ("while scanning a directive", _DIRECTIVE),
    ("while scanning a tag directive", _DIRECTIVE),
    ("while parsing a tag directive", _DIRECTIVE),
    ("while scanning a block scalar", _BLOCK_SCALAR),
    ("while parsing a flow sequence", _FLOW_SEQUENCE),
    ("while parsing a flow mapping", _FLOW_MAPPING),
)

#: A character that cannot start a value, when it is the one found (never any other text of the file).
_CANNOT_START = {
    "\t": _TAB,
    "@": f"« @ » est réservé en YAML au début d'une valeur ; {_QUOTES}",
    "`": f"« ` » est réservé en YAML au début d'une valeur ; {_QUOTES}",
    "%": f"« % » au début d'une valeur ; {_QUOTES}",
}


_QUOTED = ("while scanning a quoted scalar", "while scanning a double-quoted scalar", "while scanning a single-quoted scalar")
_FLOW = ("while parsing a flow sequence", "while parsing a flow mapping")


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(line, French) for a parser error: the line where the parser stopped, or where the
    quote it could not close was opened; never after the file's last line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    message = f"erreur de syntaxe YAML : {yaml_problem(exc, text)}"
    context = exc.context or ""
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else line
    if opened < line and context.startswith(_QUOTED) and (exc.problem or "").startswith("found unexpected end of stream"):
        line, message = opened, "erreur de syntaxe YAML : guillemet ouvert sur cette ligne et jamais fermé (la fin du fichier est atteinte)"
    elif opened < line and context.startswith(_FLOW):
        message += f" (crochet « [ » ouvert ligne {opened})" if "sequence" in context else f" (accolade « {{ » ouverte ligne {opened})"
    return max(1, min(line, len(text.splitlines()))), message


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    """French for a parser error: from its problem, else its context, else a generic text."""
    problem = exc.problem or ""
    if problem.startswith("found character") and problem.endswith("that cannot start any token"):
        found = _char_at(text, exc.problem_mark)
        return _CANNOT_START.get(found, f"caractère inattendu au début d'une valeur ; {_QUOTES}")
    for english, french in YAML_PROBLEMS:
        if problem.startswith(english):
            return french
    context = exc.context or ""
    for english, french in YAML_CONTEXTS:
        if context.startswith(english):
            return french
    return _GENERIC


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()  # YAML's line breaks are among splitlines' (the reader refused the others)
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


_CONTROL_NAMES = {0: "caractère nul", 0x1B: "échappement", 0x7F: "suppression"}


def _reader_problem(text: str, exc: yaml.reader.ReaderError) -> tuple[int, str]:
    """(line, French) for a character YAML refuses (NUL, a control character…).

    The error's position counts bytes with libyaml and characters in pure Python: the
    first occurrence of the refused character is found in the text instead (it is the
    first refused character of the file, so its first occurrence).
    """
    code = exc.character if isinstance(exc.character, int) else None
    index = text.find(chr(code)) if code is not None else -1
    line = text.count("\n", 0, index) + 1 if index >= 0 else 1
    name = f"U+{code:04X}" if code is not None else "inconnu"
    if code in _CONTROL_NAMES:
        name += f", {_CONTROL_NAMES[code]}"
    return line, (f"caractère invisible interdit ({name}) ; un fichier YAML ne contient que du texte :"
                  " supprimez-le (il vient souvent d'un copier-coller)")
