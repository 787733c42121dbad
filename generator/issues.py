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
        return f"{where}: {self.severity} :{field} {self.message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command, shown on the line of the diff."""
        level = "error" if self.is_error else "warning"
        title = f"Champ {self.field}" if self.field else "Contenu"
        return f"::{level} file={_gh_prop(self.file)},line={self.line},title={_gh_prop(title)}::{_gh_data(self.message)}"


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
