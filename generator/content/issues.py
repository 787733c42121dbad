"""Problems found in the content, and how they are reported to editors."""

from __future__ import annotations

import dataclasses
import difflib
import json
from dataclasses import asdict, dataclass, replace
from typing import Iterable, Literal

Severity = Literal["erreur", "avertissement"]


@dataclass(frozen=True, order=True)
class ContentIssue:
    """One problem: where it is (file, line, field) and what is wrong, in French."""

    file: str
    line: int
    field: str
    message: str
    severity: Severity = "erreur"
    #: The text of the line, quoted under the message (filled by generator.loader.quote_lines).
    source: str = dataclasses.field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "erreur"

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}"
        field = f" champ « {self.field} » :" if self.field else ""
        return _visible(f"{where}: {self.severity} :{field} {self.message}")

    def as_report(self) -> str:
        """The message, then the line it names, quoted as it is in the file (tabs made visible)."""
        if not self.source.strip():
            return self.as_text()
        return f"{self.as_text()}\n{self.line:>6} | {_visible(_quoted(self.source))}"

    def quoting(self, source: str) -> "ContentIssue":
        return replace(self, source=source)

    def as_github(self) -> str:
        """A GitHub Actions workflow command, shown on the line of the diff."""
        level = "error" if self.is_error else "warning"
        title = f"Champ {self.field}" if self.field else "Contenu"
        return f"::{level} file={_gh_prop(self.file)},line={self.line},title={_gh_prop(title)}::{_gh_data(self.message)}"


#: Control characters -> a visible escape. A message quotes a value or a key of the file, and
#: YAML's escapes ("\e", "\n" between double quotes) put any character in them: printed as
#: they are, they would colour or rewrite the terminal, and a line break followed by
#: "::error …" would be a GitHub Actions command in the CI log (a forged annotation).
_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if code != 0x09}
_CONTROLS |= {0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}


#: Longest part of a line quoted under a message: a hostile line may be a megabyte long.
QUOTE_MAX = 120


def _quoted(line: str) -> str:
    line = line.rstrip().replace("\t", "␉")  # « ␉ »: the tab an editor cannot see otherwise
    return line if len(line) <= QUOTE_MAX else line[: QUOTE_MAX - 1] + "…"


def closest(value: object, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``value`` (a typo: « primaire-ordinare » -> « primaire-ordinaire »), or None."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    # A short word has few letters to share: « name » and « nom » have a ratio of 0.57.
    cutoff = 0.5 if len(value) <= 5 else 0.6
    found = difflib.get_close_matches(value.lower(), list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(value: object, candidates: Iterable[str]) -> str:
    """« (vouliez-vous dire « x » ?) » when a candidate is close to ``value``, else ''."""
    found = closest(value, candidates)
    return f" (vouliez-vous dire « {found} » ?)" if found else ""


def _visible(text: str) -> str:
    return text.translate(_CONTROLS) if not text.isprintable() else text


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised when content is invalid; carries every issue found in the run."""

    def __init__(self, issues: Iterable[ContentIssue]):
        self.issues = sorted(issues)
        super().__init__("\n".join(issue.as_text() for issue in self.issues))


def render_issues(issues: list[ContentIssue], fmt: str = "text") -> str:
    if fmt == "github":
        return "\n".join(issue.as_github() for issue in issues)
    if fmt == "json":
        return json.dumps([asdict(issue) for issue in issues], ensure_ascii=False, indent=2)
    return "\n".join(issue.as_report() for issue in issues)
