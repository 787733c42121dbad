"""PyYAML's error messages in French, with the line an editor should look at.

PyYAML (and libyaml) explain a syntax error in English, sometimes on the line after the
mistake, sometimes at the end of the file (an unclosed quote). Each known problem is
translated here (:func:`yaml_problem`); an unknown one gets :data:`GENERIC`, never the
English text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

ALIAS = "les alias YAML (« *nom ») ne sont pas acceptés ; recopiez la valeur"
GENERIC = "syntaxe YAML incorrecte (vérifiez l'indentation, les guillemets, les crochets et les deux-points de cette ligne et de la précédente)"
_QUOTES = "mettez la valeur entre guillemets si ce signe fait partie du texte"
_FLOW_SEQUENCE = "« , » ou « ] » attendu : une liste entre crochets [ ] n'est pas fermée, ou un élément contient un signe à mettre entre guillemets"
_FLOW_MAPPING = (
    "« , » ou « } » attendu : des accolades { } ne sont pas fermées, ou une valeur contient un signe à mettre entre guillemets"
)
_TAG_SYNTAX = f"étiquette YAML (« ! ») mal formée ; une fiche n'en utilise pas : {_QUOTES}"
_ANCHOR = f"« & » ou « * » doit être suivi d'un nom (ancre ou alias YAML) ; {_QUOTES}"
_DIRECTIVE = "directive YAML (ligne commençant par « % ») non acceptée ; supprimez-la"
_ESCAPE = (
    "séquence d'échappement inconnue dans une chaîne entre guillemets (« \\ » ; doublez-la ou utilisez des guillemets simples)"
)
_HEX_ESCAPE = "séquence d'échappement « \\x », « \\u » ou « \\U » incomplète dans une chaîne entre guillemets"
_BLOCK_SCALAR = "après « | » ou « > », seuls « + », « - », un chiffre de 1 à 9 ou un commentaire sont permis sur la ligne"
_DOCUMENT = "fin de document « ... » ou nouveau document « --- » inattendu ; un fichier ne contient qu'une fiche"
_COLON = "deux-points inattendu (une valeur contenant « : » doit être entre guillemets, ou l'indentation est décalée)"
_KEY = "clé attendue (vérifiez l'indentation)"
_TAB = "tabulation trouvée ; indentez avec des espaces"
SEVERAL = "un second document YAML commence ici (« --- ») ; un fichier ne contient qu'une fiche"

#: Start of PyYAML's problem texts -> French: libyaml's (the C parser), then the pure-Python
#: parser's. The first that matches wins: a longer prefix comes before a shorter one.
YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    # Both parsers
    ("mapping values are not allowed", _COLON),
    ("could not find expected ':'", "« : » attendu après une clé (vérifiez l'indentation ou un guillemet non fermé)"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"),
    ("found unknown escape character", _ESCAPE),
    ("found undefined alias", ALIAS),
    ("found duplicate anchor", ALIAS),
    ("found undefined tag handle", _TAG_SYNTAX),
    ("expected a single document", SEVERAL),
    ("but found another document", SEVERAL),
    # libyaml
    ("found a tab character", _TAB),
    ("did not find expected key", _KEY),
    ("did not find expected '-' indicator", "élément de liste « - » attendu (vérifiez l'indentation)"),
    ("did not find expected ',' or ']'", _FLOW_SEQUENCE),
    ("did not find expected ',' or '}'", _FLOW_MAPPING),
    ("did not find expected node content", f"valeur attendue ; {_QUOTES}"),
    ("did not find expected <document start>", _DOCUMENT),
    (
        "found unexpected document indicator",
        "« --- » ou « ... » en début de ligne dans un texte entre guillemets ; indentez la suite du texte",
    ),
    ("block sequence entries are not allowed", "élément de liste « - » inattendu ici (vérifiez l'indentation)"),
    ("mapping keys are not allowed", "clé « ? » inattendue ici (vérifiez l'indentation)"),
    ("found unexpected ':'", _COLON),
    ("did not find expected hexdecimal number", _HEX_ESCAPE),
    ("found an indentation indicator equal to 0", _BLOCK_SCALAR),
    (
        "did not find expected comment or line break",
        "texte inattendu en fin de ligne (un commentaire commence par « # » précédé d'une espace)",
    ),
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
    (
        "found unexpected document separator",
        "« --- » ou « ... » en début de ligne dans un texte entre guillemets ; indentez la suite du texte",
    ),
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
    (
        "expected a comment or a line break",
        "texte inattendu en fin de ligne (un commentaire commence par « # » précédé d'une espace)",
    ),
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


#: Largest file whose faulty line is searched for (:func:`first_faulty_line`): a real fiche weighs
#: 3 to 12 KB; the search parses the file about log2(lines) times.
LOCATE_MAX = 256 * 1024


def syntax_issue(exc: yaml.MarkedYAMLError, text: str, loader: Any = None) -> tuple[int, str]:
    """(line, French) for a parser error, on the line to correct: the first line from which the
    file cannot be read any more, which the parser often reports later (a missing « : » on the
    next line, an unclosed quote at the end of the file, a bad indentation where the next field starts)."""
    line, message = _reported(exc, text)
    if loader is not None and len(text) <= LOCATE_MAX:
        found = first_faulty_line(text, line, loader)
        if found is not None and found[0] < line:
            line = found[0]
            message = _reported(found[1], found[2])[1]
    if _COLON in message:  # « - type support-technique » is a valid text: the next line's « : » fails
        above = _line_above(text.splitlines(), line)
        fixed = _missing_colon(text, above) if above is not None else None
        if above is not None and fixed is not None and ":" in fixed and " " in fixed.split(":", 1)[1]:
            return above, f"erreur de syntaxe YAML : « : » manquant après le nom du champ ; attendu « {fixed} »"
    return line, message + _indentation_hint(text, line, message)


def _line_above(lines: list[str], line: int) -> int | None:
    """The number of the nearest line above ``line`` that holds something (not blank, not a comment)."""
    return next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)


def first_faulty_line(text: str, reported: int, loader: Any) -> tuple[int, yaml.MarkedYAMLError, str] | None:
    """(n, the error, the text) for the smallest n whose first n lines cannot be parsed.

    Any first lines of a valid block-style file parse (a fiche has no quoted text over several
    lines), so the first n that fails ends on the line where the file went wrong.
    """
    lines = text.splitlines(keepends=True)
    low, high = 0, min(reported, len(lines))
    error = _parse_error("".join(lines[:high]), loader)
    if error is None:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        found = _parse_error("".join(lines[:middle]), loader)
        if found is None:
            low = middle
        else:
            high, error = middle, found
    return high, error, "".join(lines[:high])


def _parse_error(text: str, loader_class: Any) -> yaml.MarkedYAMLError | None:
    loader = loader_class(text)
    try:
        while loader.check_event():
            loader.get_event()
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


_INDENTATION_PROBLEMS = (_KEY, "élément de liste « - » attendu", "élément de liste « - » mal indenté", _COLON)


def _indentation_hint(text: str, line: int, message: str) -> str:
    """Where the message is about indentation: how many spaces this line and the line above have."""
    if not any(problem in message for problem in _INDENTATION_PROBLEMS):
        return ""
    lines = text.splitlines()
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return ""
    here = lines[line - 1]
    above = _line_above(lines, line)
    if above is None:
        return ""
    spaces = len(here) - len(here.lstrip(" "))
    other = len(lines[above - 1]) - len(lines[above - 1].lstrip(" "))
    return (
        f" ; cette ligne commence par {_spaces(spaces)}, la ligne {above} par {_spaces(other)} :"
        " alignez-la sur le champ dont elle fait partie"
    )


def _spaces(count: int) -> str:
    return "aucune espace" if count == 0 else f"{count} espace{'s' if count > 1 else ''}"


def _missing_colon(text: str, line: int) -> str | None:
    """« sigle STC » -> « sigle: STC », when the line is a word followed by a value, without « : »."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    match = _WORD_THEN_VALUE.match(lines[line - 1])
    above = _line_above(lines, line)
    if match is None or (above is not None and not _STRUCTURE.match(lines[above - 1])):
        return None  # the line above is text: this one may well continue it
    indent, dash, key, value = match.groups()
    return f"{indent}{dash or ''}{key}: {value}".strip() if value else f"{dash or ''}{key}:".strip()


#: A line that opens a field or an item (« nom: … », « - type: … », « - … »), not the continuation of a text.
_STRUCTURE = re.compile(r"^\s*(?:-(?:\s|$)|[\w-]+:(?:\s|$))")
_WORD_THEN_VALUE = re.compile(r"^(\s*)(-\s+)?([a-z_][a-z0-9_]*)(?:\s+([^:#\s].*?))?\s*$")


def _reported(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(line, French) for a parser error as the parser reports it: the line where it stopped, or
    where the quote it could not close was opened; never after the file's last line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    message = f"erreur de syntaxe YAML : {yaml_problem(exc, text)}"
    context = exc.context or ""
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else line
    if opened < line and context.startswith(_QUOTED) and (exc.problem or "").startswith("found unexpected end of stream"):
        line, message = (
            opened,
            "erreur de syntaxe YAML : guillemet ouvert sur cette ligne et jamais fermé (la fin du fichier est atteinte)",
        )
    elif opened < min(line, len(text.splitlines())) and context.startswith(_FLOW):
        message += (
            f" (crochet « [ » ouvert ligne {opened})" if "sequence" in context else f" (accolade « {{ » ouverte ligne {opened})"
        )
    line = max(1, min(line, len(text.splitlines())))
    if (exc.problem or "").startswith("could not find expected ':'") or (exc.context or "").startswith(
        "while scanning a simple key"
    ):
        fixed = _missing_colon(text, line)
        if fixed is not None:
            message = f"erreur de syntaxe YAML : « : » manquant après le nom du champ ; attendu « {fixed} »"
    return line, message


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
    return GENERIC


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()  # YAML's line breaks are among splitlines' (the reader refused the others)
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


_CONTROL_NAMES = {0: "caractère nul", 0x1B: "échappement", 0x7F: "suppression"}


def reader_problem(text: str, exc: yaml.reader.ReaderError) -> tuple[int, str]:
    """(line, French) for a character YAML refuses (NUL, a control character…).

    The error's position counts bytes with libyaml and characters in pure Python: the
    first occurrence of the refused character is found in the text instead (it is the
    first refused character of the file, so its first occurrence).
    """
    code = exc.character if isinstance(exc.character, int) else None
    index = text.find(chr(code)) if code is not None else -1
    line = text.count("\n", 0, index) + 1 if index >= 0 else 1
    return line, control_problem(code)


def control_problem(code: int | None) -> str:
    """French for an invisible character in a file or, written as an escape, in a value."""
    name = f"U+{code:04X}" if code is not None else "inconnu"
    if code in _CONTROL_NAMES:
        name += f", {_CONTROL_NAMES[code]}"
    return (
        f"caractère invisible interdit ({name}) ; un fichier YAML ne contient que du texte :"
        " supprimez-le (il vient souvent d'un copier-coller ou d'un échappement « \\… » entre guillemets)"
    )
