"""Problems found in the content, and how they are reported to editors."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
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

    @property
    def is_error(self) -> bool:
        return self.severity == "erreur"

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}"
        field = f" champ « {self.field} » :" if self.field else ""
        return _visible(f"{where}: {self.severity} :{field} {self.message}")

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
    return "\n".join(issue.as_text() for issue in issues)
