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
- every parser error is translated (generator.content.yaml_errors); an unknown one gets a generic
  French message, never PyYAML's English text.

The data is built straight from the parser's events (libyaml's C parser when available)
with an explicit stack: no recursion, so no depth can crash the interpreter, and each
value's line comes with its event.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.common.oserror import reason
from generator.content.issues import ContentIssue
from generator.content.yaml_errors import ALIAS, GENERIC, SEVERAL, control_problem, reader_problem, syntax_issue

_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
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
    return (
        f"lien symbolique refusé : « {name} » ; remplacez-le par le fichier ou le dossier lui-même"
        " (aucun lien n'est suivi dans le contenu)"
    )


def _size_text(size: int) -> str:
    return f"{size >> 20} Mio" if size % (1 << 20) == 0 else f"{size >> 10} Kio"


TOO_LARGE = f"fichier trop volumineux (plus de {_size_text(MAX_FILE_BYTES)}) ; une fiche fait quelques Ko"

_NOT_REGULAR = "ce n'est pas un fichier ordinaire (tube, périphérique, socket) ; seuls les fichiers sont lus"
_DIRECTORY = "c'est un dossier, pas un fichier ; une fiche est un fichier « .yaml »"
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


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


# --- Quoting the lines of issues -------------------------------------------------------------

#: « sigle: #CFTNE »: the « # » after « : » starts a comment, and the value is empty.
_COMMENT_AS_VALUE = re.compile(r"^\s*(?:-\s+)?([^\s#:][^:#]*):\s+(#.*)$")


def quote_lines(issues: list[ContentIssue], limit: int = 1000) -> list[ContentIssue]:
    """The issues, each with the text of its line (``source``), read again from its file.

    Only on the way to an error report, so a valid build never reads a file twice. The file is read
    as :func:`load_document` reads it (never through a link, bounded); one that cannot be read, or no
    longer has the line, leaves its issues unquoted. At most ``limit`` issues are quoted.
    """
    texts: dict[str, list[str] | None] = {}
    quoted = []
    for index, issue in enumerate(issues):
        if index >= limit or issue.source or issue.line < 1:
            quoted.append(issue)
            continue
        if issue.file not in texts:
            texts[issue.file] = _lines_of(Path(issue.file))
        lines = texts[issue.file]
        if not lines or issue.line > len(lines):
            quoted.append(issue)
            continue
        quoted.append(_with_hint(issue.quoting(lines[issue.line - 1])))
    return quoted


def _lines_of(path: Path) -> list[str] | None:
    try:
        return _read_bounded(path).decode("utf-8").removeprefix("\ufeff").splitlines()
    except (_Unreadable, UnicodeDecodeError):
        return None


def _with_hint(issue: ContentIssue) -> ContentIssue:
    """What the quoted line shows and the message cannot know: a value that the « # » made a comment."""
    match = _COMMENT_AS_VALUE.match(issue.source)
    if match and "vide" in issue.message:
        key, comment = match.group(1).strip(), match.group(2).strip()
        hint = (
            f". Attention : « # » commence un commentaire : « {comment} » est ignoré et la valeur est vide."
            f" Pour écrire ce texte, mettez-le entre guillemets : {key}: \"{comment}\""
        )
        return ContentIssue(issue.file, issue.line, issue.field, issue.message + hint, issue.severity, issue.source)
    return issue


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
            display,
            line,
            "",
            f"le fichier n'est pas encodé en UTF-8 (octet {raw[exc.start]:#04x} à la position {exc.start}) ; enregistrez-le en UTF-8",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return ContentIssue(display, 1, "", "le fichier est vide ; attendu le contenu YAML d'une fiche")
    document = Document(path, None)
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here already
        document.data = _build(loader, document.lines)
    except _Refused as exc:
        return ContentIssue(display, exc.line, exc.field_path, exc.message)
    except yaml.reader.ReaderError as exc:
        line, message = reader_problem(text, exc)
        return ContentIssue(display, line, "", message)
    except yaml.MarkedYAMLError as exc:
        line, message = syntax_issue(exc, text, _Loader)
        return ContentIssue(display, line, "", message)
    except yaml.YAMLError:
        return ContentIssue(display, 1, "", f"erreur de syntaxe YAML : {GENERIC}")
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
_TAG = "étiquette YAML (« ! ») non acceptée ; écrivez la valeur sans étiquette (mettez-la entre guillemets si « ! » fait partie du texte)"
_DEPTH = (
    f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux de listes et de champs les uns dans les autres"
    " (une fiche en compte 5) ; vérifiez les crochets et l'indentation"
)


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
                        raise _Refused(line, ALIAS, format_loc(parent))
                    raise _Refused(line, "une clé doit être un simple mot", format_loc(parent))
                if event.value == "<<" and event.tag is None and event.implicit[0]:  # resolved as the merge key
                    raise _Refused(
                        line, "la clé de fusion YAML « << » n'est pas acceptée ; écrivez les champs", format_loc(parent)
                    )
                key = _scalar(event, loader, parent)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(key)
                loc = parent + (key,)
                if key in container:
                    raise _Refused(
                        line,
                        f"la clé « {key} » apparaît deux fois dans le même bloc (ici et ligne {lines[loc]}) ;"
                        " gardez-en une seule, ou corrigez l'indentation d'une ligne entre les deux"
                        " (une ligne décalée fait entrer les suivantes dans un autre bloc)",
                        format_loc(loc),
                    )
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
            raise _Refused(line, ALIAS, format_loc(loc))
        else:  # pragma: no cover - the parser gives nothing else inside a document
            raise _Refused(line, GENERIC)
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
        raise _Refused(loader.peek_event().start_mark.line + 1, SEVERAL)
    return root


#: Control characters a quoted value can still hold through YAML's escapes (« "\\e" », « "\\0" »):
#: invalid in HTML, and in a terminal or a CI log they can rewrite what the reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _scalar(event: Any, loader: Any, loc: Path_) -> Any:
    """(``event``: a parser's ScalarEvent, from libyaml or PyYAML: marks of either kind.)"""
    found = _CONTROL.search(event.value)
    if found:
        raise _Refused(event.start_mark.line + 1, control_problem(ord(found.group())), format_loc(loc))
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
