"""Hostile content (issue 13): whatever a pull request puts in content/, a French answer.

Content files come by pull request from anyone and CI builds them: a symbolic link, a
device, a huge or deeply nested file, or any YAML mistake must give one French message
naming the file and the line, exit code 1, never a traceback, never an English message
from PyYAML or the OS, and never a byte of a file outside the content.

The catalogue (:data:`CATALOGUE`) puts each broken file in turn in a minimal valid content
folder (the fixture ``validation/complete.yaml`` without its reference to another fiche,
with the real site and vocabularies) and runs ``cartographie validate`` on it. Small text
files under ``fixtures/hostile/`` hold the mistakes a file shows best; control characters,
links, FIFOs, large and deep files are made at test time.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, FIXTURES, ROOT

from generator.cli import main
from generator.common.oserror import reason as os_error_text
from generator.content import loader, yaml_errors
from generator.content.issues import ContentError
from generator.content.loader import MAX_DEPTH, MAX_FILE_BYTES, load_document
from generator.model.load import load_cartography

HOSTILE = FIXTURES / "hostile"
FICHE = "".join(
    line
    for line in (FIXTURES / "validation" / "complete.yaml").read_text(encoding="utf-8").splitlines(True)
    if not line.startswith("voir_aussi:")
)  # no other fiche in the minimal content

#: Words and phrases of PyYAML's and the OS's English messages (and of a traceback).
ENGLISH = re.compile(
    r"\b(found|expected|could not|cannot|while scanning|while parsing|is a directory|permission denied|"
    r"no such file|file or directory|operation not permitted|too many|traceback|error|exception|character|"
    r"stream|token|not allowed|unexpected|undefined|unacceptable|special characters|constructor|violates|"
    r"input should|mapping|sequence|document start|block end)\b",
    re.IGNORECASE,
)


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A minimal valid content folder: site, vocabularies and one operator fiche."""
    content = tmp_path / "content"
    (content / "operators").mkdir(parents=True)
    (content / "projects").mkdir()
    for name in ("site.yaml", "vocabulaires.yaml"):
        shutil.copy(CONTENT / name, content / name)
    (content / "operators" / "complete.yaml").write_text(FICHE, encoding="utf-8")
    return content


def validate(content: Path, capsys) -> tuple[int, str]:
    """`cartographie validate --content …` in this process: (exit code, everything printed)."""
    code = main(["validate", "--content", str(content)])
    out = capsys.readouterr()
    return code, out.out + out.err


def run_cli(content: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The same in a process of its own, for what could hang or crash the interpreter.

    Its address space is bounded (2 GiB): a regression that reads /dev/zero fails with a
    MemoryError instead of taking the machine's memory.
    """
    import resource

    def bound_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "CARTOGRAPHIE_DATE": "2026-11-24"}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        preexec_fn=bound_memory,
    )


def assert_french_answer(code: int, output: str, content: Path, file_name: str, line: int, fragment: str) -> None:
    """Exit code 1, one error naming the file and the line, French, no traceback, no English."""
    assert code == 1, output
    assert "Traceback" not in output, output
    errors = [row for row in output.splitlines() if ": erreur :" in row]
    assert len(errors) == 1, output
    assert f"{file_name}:{line}: erreur :" in errors[0], output
    assert fragment in errors[0], output
    text = output.replace(str(content), "").replace(os.path.relpath(content), "")  # paths are not words
    english = ENGLISH.findall(text)
    assert not english, f"anglais dans le message : {english}\n{output}"


# --- The catalogue: one broken file at a time ---------------------------------------------------


def _replace(old: str, new: str) -> tuple[str, int]:
    """FICHE with one replacement; returns (text, line of the replacement)."""
    assert FICHE.count(old) == 1, old
    return FICHE.replace(old, new), FICHE[: FICHE.index(old)].count("\n") + 1


def _fixture(name: str):
    return lambda: (HOSTILE / name).read_bytes()


def _control(char: str):
    return lambda: _replace("sigle: STC", f"sigle: S{char}TC")[0].encode()


def _deep_flow(levels: int) -> bytes:
    return ("id: complete\nx: " + "[" * levels + "]" * levels + "\n").encode()


def _deep_block(levels: int) -> bytes:
    # The fiche's fields are level 1, the list of "x" (line 3) level 2, each "-" below one more:
    # level MAX_DEPTH + 1 starts on line MAX_DEPTH + 2 (so does it with _deep_mapping)
    return ("id: complete\nx:\n" + "".join("  " * i + "-\n" for i in range(levels))).encode()


def _deep_compact(levels: int) -> bytes:
    """Lists in lists written "- - - a": each level on the same line (3)."""
    return ("id: complete\nx:\n" + "- " * levels + "a\n").encode()


def _deep_mapping(levels: int) -> bytes:
    return ("id: complete\n" + "".join("  " * i + "a:\n" for i in range(levels)) + "  " * levels + "b\n").encode()


_SIGLE_LINE = _replace("sigle: STC", "x")[1]

#: name -> (bytes of operators/complete.yaml, line, French fragment of the message)
CATALOGUE = {
    "tab-start": (_fixture("tab-start.yaml"), 4, "tabulation"),
    "tab-indentation": (_fixture("tab-indentation.yaml"), 5, "tabulation"),
    "tag-python": (_fixture("tag-python.yaml"), 3, "étiquette YAML"),
    "tag-custom": (_fixture("tag-custom.yaml"), 3, "étiquette YAML"),
    "tag-binary": (_fixture("tag-binary.yaml"), 3, "étiquette YAML"),
    "two-documents": (_fixture("two-documents.yaml"), 4, "second document"),
    "unknown-escape": (_fixture("unknown-escape.yaml"), 3, "échappement"),
    "unclosed-quote": (_fixture("unclosed-quote.yaml"), 3, "guillemet"),
    "directive": (_fixture("directive.yaml"), 1, "directive"),
    "at-sign": (_fixture("at-sign.yaml"), 3, "« @ »"),
    "anchor-empty": (_fixture("anchor-empty.yaml"), 3, "« & »"),
    "flow-unclosed": (_fixture("flow-unclosed.yaml"), 3, "n'est pas fermée"),  # before: line 4, where reading stops
    "block-indicator": (_fixture("block-indicator.yaml"), 3, "« | »"),
    "alias": (_fixture("alias.yaml"), 3, "alias"),
    "complex-key": (_fixture("complex-key.yaml"), 3, "clé"),
    "document-end": (_fixture("document-end.yaml"), 4, "fin de document"),
    "nul": (_control("\x00"), _SIGLE_LINE, "U+0000"),
    "bell": (_control("\x07"), _SIGLE_LINE, "U+0007"),
    "escape-character": (_control("\x1b"), _SIGLE_LINE, "U+001B"),
    "nul-after-accents": (lambda: ("é" * 40 + ": 1\n\n\nx: a\x00b\n").encode(), 4, "U+0000"),
    "binary": (lambda: bytes(range(256)) * 4, 2, "UTF-8"),
    "too-large": (lambda: FICHE.encode() + b"#" * MAX_FILE_BYTES, 1, "trop volumineux"),
    "deep-flow": (lambda: _deep_flow(2000), 2, "imbrication"),
    "deep-block": (lambda: _deep_block(500), MAX_DEPTH + 2, "imbrication"),
    "deep-compact": (lambda: _deep_compact(2000), 3, "imbrication"),
    "deep-mapping": (lambda: _deep_mapping(500), MAX_DEPTH + 2, "imbrication"),
    # The same characters written as YAML escapes inside quotes: the file is text, the value is not.
    "escaped-escape": (lambda: _replace("sigle: STC", 'sigle: "S\\eTC"')[0].encode(), _SIGLE_LINE, "U+001B"),
    "escaped-nul": (lambda: _replace("sigle: STC", 'sigle: "S\\0TC"')[0].encode(), _SIGLE_LINE, "U+0000"),
    "escaped-c1": (lambda: _replace("sigle: STC", 'sigle: "S\\x9bTC"')[0].encode(), _SIGLE_LINE, "U+009B"),
    "nan": (lambda: _replace("    valeur: 2\n", "    valeur: .nan\n")[0].encode(), _replace("    valeur: 2\n", "x")[1], "nombre"),
}
#: Through PyYAML's pure-Python parser: the YAML mistakes ("directive" is accepted there: it
#: ignores an unknown directive; the others are found before or after parsing).
PURE_PYTHON = sorted(set(CATALOGUE) - {"directive", "binary", "too-large", "nan"})


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_catalogue_french_answer(name, minimal, capsys):
    make, line, fragment = CATALOGUE[name]
    if name.startswith("tab-"):
        assert b"\t" in make(), "la tabulation de la fixture a disparu (un éditeur l'a convertie ?)"
    (minimal / "operators" / "complete.yaml").write_bytes(make())
    code, output = validate(minimal, capsys)
    assert_french_answer(code, output, minimal, "complete.yaml", line, fragment)


@pytest.mark.parametrize("name", PURE_PYTHON)
def test_catalogue_with_the_pure_python_parser(name, minimal, capsys, monkeypatch):
    """Where libyaml is missing, PyYAML's own parser has other (English) texts: French too."""
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    make, line, fragment = CATALOGUE[name]
    (minimal / "operators" / "complete.yaml").write_bytes(make())
    code, output = validate(minimal, capsys)
    assert_french_answer(code, output, minimal, "complete.yaml", line, fragment)


def test_minimal_content_is_valid(minimal, capsys):
    code, output = validate(minimal, capsys)
    assert code == 0 and "Contenu valide : 1 fiches" in output, output


def test_every_yaml_problem_has_french(minimal):
    """The table's French texts are French, and an unknown problem never shows its English."""
    for english, french in yaml_errors.YAML_PROBLEMS + yaml_errors.YAML_CONTEXTS:
        assert not ENGLISH.search(french), (english, french)
    unknown = yaml.scanner.ScannerError("while reading something new", None, "found a novel mistake 'x'", None)
    message = yaml_errors.yaml_problem(unknown, "a: 1\n")
    assert message == yaml_errors.GENERIC and "novel" not in message and "'x'" not in message


# --- Limits: size and depth ------------------------------------------------------------------


def test_size_limit_is_exact(minimal, capsys):
    """A file of exactly MAX_FILE_BYTES is read; one byte more is refused."""
    padding = MAX_FILE_BYTES - len(FICHE.encode())
    path = minimal / "operators" / "complete.yaml"
    path.write_bytes(FICHE.encode() + b"#" * (padding - 1) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert validate(minimal, capsys)[0] == 0
    path.write_bytes(FICHE.encode() + b"#" * padding + b"\n")
    code, output = validate(minimal, capsys)
    assert code == 1 and "fichier trop volumineux (plus de 1 Mio) ; une fiche fait quelques Ko" in output


def test_huge_sparse_file_is_refused_without_reading(minimal):
    path = minimal / "operators" / "complete.yaml"
    with path.open("r+b") as handle:
        handle.truncate(64 << 30)  # 64 GiB, sparse: takes no disk, would take all the memory
    started = time.perf_counter()
    result = run_cli(minimal)  # in a process with bounded memory: a regression must not take the machine's
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "complete.yaml:1: erreur : fichier trop volumineux" in result.stderr
    assert time.perf_counter() - started < 30


def test_read_is_bounded_even_when_the_size_lies(tmp_path, monkeypatch):
    """A file whose size is not known beforehand (/proc, a growing file): at most bound + 1 bytes read."""
    path = tmp_path / "grand.yaml"
    path.write_bytes(b"#" * (3 * MAX_FILE_BYTES))
    real_lstat, real_fstat, real_read = os.lstat, os.fstat, os.read
    read = []

    def small(result: os.stat_result) -> os.stat_result:
        fields = list(result)
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(loader.os, "lstat", lambda p: small(real_lstat(p)))
    monkeypatch.setattr(loader.os, "fstat", lambda fd: small(real_fstat(fd)))
    monkeypatch.setattr(loader.os, "read", lambda fd, n: read.append(real_read(fd, n)) or read[-1])
    issue = load_document(path, "grand.yaml")
    assert issue.message == loader.TOO_LARGE
    assert sum(map(len, read)) == MAX_FILE_BYTES + 1


def test_depth_limit_is_exact(minimal, capsys):
    """MAX_DEPTH levels (the fiche's own fields count as one) are read; one more is refused."""
    path = minimal / "operators" / "complete.yaml"
    path.write_bytes(_deep_flow(MAX_DEPTH - 1))
    document = load_document(path)
    assert not hasattr(document, "message"), document
    path.write_bytes(_deep_flow(MAX_DEPTH))
    issue = load_document(path)
    assert issue.line == 2 and issue.message.startswith(f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux")


def test_very_deep_nesting_does_not_crash_the_interpreter(minimal):
    """100,000 levels crashed Python (exit -11 : libyaml's composer, then our recursive construction)."""
    (minimal / "operators" / "complete.yaml").write_bytes(_deep_flow(100_000))
    (minimal / "operators" / "bloc.yaml").write_bytes(_deep_compact(100_000))
    result = run_cli(minimal)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "complete.yaml:2: erreur : imbrication trop profonde" in result.stderr
    assert "bloc.yaml:3: erreur : imbrication trop profonde" in result.stderr


# --- Links, folders, devices -----------------------------------------------------------------------


LINK = "lien symbolique refusé"


def test_link_to_a_valid_fiche_outside_is_not_published(minimal, tmp_path, capsys):
    outside = tmp_path / "ailleurs.yaml"
    outside.write_text(FICHE.replace("id: complete", "id: lien"), encoding="utf-8")
    (minimal / "operators" / "lien.yaml").symlink_to(outside)
    code, output = validate(minimal, capsys)
    assert_french_answer(code, output, minimal, "lien.yaml", 1, f"{LINK} : « lien.yaml » ; remplacez-le par le fichier")
    assert str(outside) not in output and "ailleurs" not in output  # not even where it points


def test_link_to_a_secret_never_shows_it(minimal, tmp_path, capsys):
    secret = tmp_path / "secret.env"
    secret.write_text("SECRET=hunter2\n", encoding="utf-8")
    (minimal / "operators" / "lien.yaml").symlink_to(secret)
    (minimal / "notes.txt").symlink_to(secret)  # not even read by the generator: refused too
    code, output = validate(minimal, capsys)
    assert code == 1 and "hunter2" not in output and "SECRET" not in output
    assert output.count(LINK) == 2, output
    for fmt in ("github", "json"):
        main(["validate", "--content", str(minimal), "--format", fmt])
        assert "hunter2" not in capsys.readouterr().out


def test_link_to_dev_zero_is_refused_without_reading(minimal):
    (minimal / "operators" / "zero.yaml").symlink_to("/dev/zero")
    started = time.perf_counter()
    result = run_cli(minimal)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"zero.yaml:1: erreur : {LINK}" in result.stderr
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("case", ["dangling", "loop", "to-folder", "site", "operators-folder", "subfolder"])
def test_every_link_under_the_content_is_refused(case, minimal, tmp_path, capsys):
    operators = minimal / "operators"
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    if case == "dangling":
        link = operators / "absent.yaml"
        link.symlink_to(outside / "absent.yaml")
    elif case == "loop":
        link = operators / "boucle.yaml"
        link.symlink_to(link)
    elif case == "to-folder":
        link = operators / "dossier.yaml"
        link.symlink_to(outside)
    elif case == "site":
        shutil.move(minimal / "site.yaml", outside / "site.yaml")
        link = minimal / "site.yaml"
        link.symlink_to(outside / "site.yaml")
    elif case == "operators-folder":
        shutil.move(operators, outside / "operators")
        link = operators
        link.symlink_to(outside / "operators")
    else:  # a link in a folder the generator does not read, to a folder full of fiches
        (minimal / "notes").mkdir()
        link = minimal / "notes" / "archives"
        link.symlink_to(CONTENT / "operators")
    code, output = validate(minimal, capsys)
    assert_french_answer(code, output, minimal, link.name, 1, f"{LINK} : « {link.name} »")
    assert "fichier obligatoire absent" not in output


def test_content_folder_given_as_a_link_is_accepted(minimal, tmp_path, capsys):
    link = tmp_path / "raccourci"
    link.symlink_to(minimal)
    code, output = validate(link, capsys)
    assert code == 0, output


def test_folder_named_like_a_fiche(minimal, capsys):
    (minimal / "operators" / "dossier.yaml").mkdir()
    code, output = validate(minimal, capsys)
    assert_french_answer(code, output, minimal, "dossier.yaml", 1, "c'est un dossier, pas un fichier")


def test_fifo_is_refused_without_waiting(minimal):
    os.mkfifo(minimal / "operators" / "tube.yaml")
    result = run_cli(minimal, timeout=60)  # read as a file, a FIFO without writer waits forever
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "tube.yaml:1: erreur : ce n'est pas un fichier ordinaire" in result.stderr


def test_device_given_directly_is_refused():
    # /dev/null, not /dev/zero: a regression that reads the device must not fill this process's memory
    issue = load_document(Path("/dev/null"), "null.yaml")
    assert issue.message.startswith("ce n'est pas un fichier ordinaire")


def test_serve_cache_does_not_keep_a_file_replaced_by_a_link(minimal, tmp_path):
    """A fiche moved away and replaced by a link to itself keeps its signature (same inode)."""
    cache: dict = {}
    load_cartography(minimal, documents=cache)
    fiche = minimal / "operators" / "complete.yaml"
    moved = tmp_path / "complete.yaml"
    shutil.move(fiche, moved)
    fiche.symlink_to(moved)
    with pytest.raises(ContentError) as info:
        load_cartography(minimal, documents=cache)
    assert [issue.message for issue in info.value.issues] == [loader.symlink_message("complete.yaml")]


# --- OS errors, in French ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        errno.EACCES,
        errno.EPERM,
        errno.EISDIR,
        errno.ENOENT,
        errno.ELOOP,
        errno.ENOTDIR,
        errno.ENAMETOOLONG,
        errno.EMFILE,
        errno.EIO,
        errno.EXDEV,
        9999,
    ],
)
def test_os_errors_are_french(code):
    text = os_error_text(OSError(code, os.strerror(code)))
    assert os.strerror(code) not in text and not ENGLISH.search(text), text


def test_permission_denied_is_french(minimal, capsys):
    assert os_error_text(OSError(errno.EACCES, "Permission denied")) == "accès refusé (droits manquants)"
    if os.geteuid() == 0:
        pytest.skip("root lit un fichier sans droits : seule la traduction ci-dessus est vérifiée")
    fiche = minimal / "operators" / "complete.yaml"
    fiche.chmod(0)
    try:
        code, output = validate(minimal, capsys)
    finally:
        fiche.chmod(0o644)
    assert_french_answer(code, output, minimal, "complete.yaml", 1, "accès refusé")


# --- What a message quotes cannot rewrite the terminal or the CI log ----------------------------------


def test_quoted_control_characters_are_made_visible(minimal, capsys):
    r"""YAML's escapes ("\e", "\n") put any character in a value or a key, which messages quote:
    printed raw, "\n::error …" would be a GitHub Actions command in the CI log (a forged annotation)."""
    forged = '"\\e[31mx\\n::error file=README.md,line=1::annotation forgée"'
    text, line = _replace("reseaux: [wbe, libre-confessionnel]", f"reseaux: [wbe, {forged}]")
    text += f"{forged}: 1\n"  # an unknown field whose name is the same trick
    (minimal / "operators" / "complete.yaml").write_text(text, encoding="utf-8")
    code, output = validate(minimal, capsys)
    assert code == 1
    assert "\x1b" not in output and not any(row.startswith("::") for row in output.splitlines()), output
    # Refused where it is read, and the message never quotes the value; the line quoted under it is the
    # file's text as written (YAML's escapes not decoded), after its number: never a command.
    assert f"complete.yaml:{line}: erreur : champ « publics.reseaux[1] » : caractère invisible interdit (U+001B" in output
    messages = [row for row in output.splitlines() if ": erreur : " in row]
    assert messages and not any("annotation forgée" in row for row in messages), output
    quoted = [row for row in output.splitlines() if "annotation forgée" in row]
    assert quoted == [f"{line:>6} |   reseaux: [wbe, {forged}]"], output


def test_messages_show_control_characters_as_escapes():
    """The last guard, for any text that reaches a message (a value, a key, a path)."""
    from generator.content.issues import ContentIssue

    issue = ContentIssue("a.yaml", 1, "x", "trouvé « \x1b[31m\n::error file=README.md::forgée »")
    text = issue.as_text()
    assert "\x1b" not in text and "\n" not in text and "\\x1b[31m" in text and "\\n::error" in text
