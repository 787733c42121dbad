"""``--out`` is typed in a hurry: a build writes only a folder it may replace, keeps what was put
there by hand, and is never half-published, whatever stops it (a kill, a full disk, a read-only
or forbidden folder)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import conftest
import pytest

from generator.build import build_site
from generator.cli import main
from generator.output.incremental import MANIFEST

sys.path.insert(0, str(conftest.ROOT / "bench"))

from synth import write_synthetic_content  # noqa: E402


def _cartographie(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command as an editor runs it, in its own process (this checkout's code)."""
    env = {**os.environ, "PYTHONPATH": str(conftest.ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder as an editor has it: content/ under version control, a README beside it."""
    shutil.copytree(conftest.CONTENT, tmp_path / "content")
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("Le projet.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "out, why",
    [
        ("content", "est le dossier du contenu"),
        ("content/operators", "est dans le dossier du contenu"),
        (".", "contient le dossier du contenu"),
        ("..", "contient le dossier du contenu"),
        ("/", "racine du disque"),
        ("~", "votre dossier personnel"),
        ("README.md", "est un fichier"),
        ("autre", "n'est pas vide et n'a pas été construit par cartographie"),
    ],
)
def test_out_that_would_lose_files_is_refused_in_french_with_exit_2(project, out, why):
    other = project / "autre"
    other.mkdir()
    (other / "precieux.txt").write_text("à garder\n", encoding="utf-8")
    before = _tree(project)
    target = str(Path.home()) if out == "~" else out
    result = _cartographie("build", "--content", "content", "--out", target, cwd=project)
    assert result.returncode == 2, result.stderr
    assert why in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "Choisissez un dossier" in result.stderr  # what to do
    assert _tree(project) == before  # nothing written, nothing removed
    assert sorted(p.name for p in project.iterdir()) == [".git", "README.md", "autre", "content"]


def test_the_tool_s_own_source_is_refused(tmp_path):
    for folder in ("themes", "generator/site"):
        result = _cartographie("build", "--content", str(conftest.CONTENT), "--out", str(conftest.ROOT / folder), cwd=tmp_path)
        assert result.returncode == 2 and "code de l'outil" in result.stderr, result.stderr


def test_serve_refuses_the_same_folders(project):
    result = _cartographie("serve", "--content", "content", "--out", "content", cwd=project)
    assert result.returncode == 2 and "dossier du contenu" in result.stderr, result.stderr


def test_an_empty_folder_or_an_absent_one_is_built(project):
    (project / "vide").mkdir()
    for out in ("vide", "absent/site"):
        result = _cartographie("build", "--content", "content", "--out", out, cwd=project)
        assert result.returncode == 0, result.stderr
        assert (project / out / "index.html").is_file() and (project / out / MANIFEST).is_file()


def test_files_put_in_the_build_by_hand_are_kept(project):
    out = project / "build"
    build_site(project / "content", out)
    (out / "notes.txt").write_text("mes notes\n", encoding="utf-8")
    (out / "perso" / "vide").mkdir(parents=True)
    (out / "operateurs" / "annexe.pdf").write_bytes(b"%PDF-1.4 annexe")
    os.symlink("notes.txt", out / "lien-notes")
    fiche = project / "content" / "operators" / "sgne.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("\nresume: >-\n", "\nresume: >-\n  Relue.\n", 1), encoding="utf-8")
    build_site(project / "content", out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mes notes\n"
    assert (out / "perso" / "vide").is_dir()
    assert (out / "operateurs" / "annexe.pdf").read_bytes() == b"%PDF-1.4 annexe"
    assert os.readlink(out / "lien-notes") == "notes.txt"
    assert "Relue." in (out / "operateurs" / "sgne" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert "notes.txt" not in manifest  # still the editor's, not the build's
    assert not [p for p in project.iterdir() if p.name.startswith(".build-")]


def test_a_hand_file_where_the_build_writes_stops_the_build_and_is_named(project):
    out = project / "build"
    assert _cartographie("build", "--content", "content", "--out", "build", cwd=project).returncode == 0
    mine = out / "operateurs" / "ifc-bis" / "index.html"
    mine.parent.mkdir()
    mine.write_text("ma page\n", encoding="utf-8")
    before = _tree(out)
    ifc = (project / "content" / "operators" / "ifc.yaml").read_text(encoding="utf-8")
    (project / "content" / "operators" / "ifc-bis.yaml").write_text(
        ifc.replace("id: ifc\n", "id: ifc-bis\n", 1), encoding="utf-8"
    )
    result = _cartographie("build", "--content", "content", "--out", "build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "operateurs/ifc-bis/index.html" in result.stderr and "à la main" in result.stderr
    assert _tree(out) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".build-")]


# --- A build that does not finish ----------------------------------------------------------


def _matches_its_manifest(out: Path) -> dict[str, str]:
    """The files of ``out`` are exactly those its manifest lists, with those bytes."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    found = {path: hashlib.blake2b(data, digest_size=16).hexdigest() for path, data in _tree(out).items() if path != MANIFEST}
    assert found == manifest, sorted(set(found) ^ set(manifest))[:5] or "digests differ"
    return manifest


def _kill_during_builds(contents: list[Path], out: Path, jobs: int, kills: int, seed: int) -> list[int]:
    """Build ``contents[0]`` into ``out``, then start builds of the other one in turn and kill each
    (its whole process group) at a random moment, half of them late, near the swap; after
    each kill ``out`` must be one of the complete builds. Returns which build each kill left."""
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(conftest.ROOT)}

    def command(content: Path, target: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "generator.cli",
            "build",
            "--content",
            str(content),
            "--out",
            str(target),
            "-j",
            str(jobs),
            "--quiet",
        ]

    expected = []
    durations = []
    for content in contents:  # the manifest of each complete build, for comparison
        reference = out.parent / f"reference-{len(expected)}"
        started = time.perf_counter()
        subprocess.run(command(content, reference), env=env, check=True, capture_output=True, timeout=300)
        durations.append(time.perf_counter() - started)
        expected.append(_matches_its_manifest(reference))
        shutil.rmtree(reference)
        shutil.rmtree(out.parent / f".{reference.name}.cache")
    subprocess.run(command(contents[0], out), env=env, check=True, capture_output=True, timeout=300)
    left = []
    # Late kills aim at the end of the build, where the new site is swapped in: their delay
    # follows where builds end on this machine now (longer while none ends, shorter once one does).
    late = max(durations)
    current = 0
    for kill in range(kills):
        target = 1 - current  # always the build that is not there: each kill can tell
        delay = rng.uniform(0, max(durations)) if kill % 2 else rng.uniform(0.7, 1.0) * late
        process = subprocess.Popen(
            command(contents[target], out), env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert out.is_dir(), f"kill {kill} after {delay:.2f} s: no build left"
        manifest = _matches_its_manifest(out)
        assert manifest in expected, f"kill {kill} after {delay:.2f} s: a build that is neither of the two"
        current = expected.index(manifest)
        left.append(current)
        if not kill % 2:
            late *= 0.9 if current == target else 1.2
    return left


def _assert_a_clean_build_follows(content: Path, out: Path) -> None:
    build_site(content, out)
    _matches_its_manifest(out)
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}-")]
    assert not [p for p in out.rglob("*") if p.name.startswith((".tmp", ".build-"))]


def test_a_build_killed_at_any_moment_leaves_the_previous_build_or_the_new_one(tmp_path):
    first = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, first)
    second = tmp_path / "content-2"
    shutil.copytree(first, second)
    site = second / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("\ntitre: ", "\ntitre: Nouvelle ", 1), encoding="utf-8")
    out = tmp_path / "build"
    left = _kill_during_builds([first, second], out, jobs=1, kills=18, seed=13)
    assert len(set(left)) == 2, f"every kill left the same build ({left}): the timing of the test is wrong"
    _assert_a_clean_build_follows(first, out)


def test_a_build_on_several_processes_killed_at_any_moment_leaves_one_build(tmp_path):
    first = write_synthetic_content(tmp_path / "synth-a", operators=230, seed=5)
    second = write_synthetic_content(tmp_path / "synth-b", operators=230, seed=6)
    out = tmp_path / "build"
    left = _kill_during_builds([first, second], out, jobs=2, kills=14, seed=14)
    assert len(set(left)) == 2, f"every kill left the same build ({left}): the timing of the test is wrong"
    _assert_a_clean_build_follows(second, out)


def test_a_crash_between_the_two_renames_is_mended_by_the_next_build(tmp_path, monkeypatch):
    """Where the system cannot exchange two folders atomically, a crash between the renames
    leaves no ``out``: the next build puts the previous one back before anything else."""
    from generator.output import incremental

    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = tmp_path / "build"
    build_site(content, out)
    before = _tree(out)
    monkeypatch.setattr(incremental, "_exchange", lambda first, second: False)
    real_rename = Path.rename

    def crash_on_the_second_rename(self, target):
        if self.name == "assemblage":  # the new site, being put in the place of the old one
            raise KeyboardInterrupt  # as a kill would stop it, but in this process
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", crash_on_the_second_rename)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("\ntitre: ", "\ntitre: Autre ", 1), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build_site(content, out)
    monkeypatch.setattr(Path, "rename", real_rename)
    assert _tree(out) == before  # the except clause put it back
    # A harder stop: the process died before it could put it back.
    out.rename(tmp_path / ".build-old-mort")
    incremental.recover(out)
    assert _tree(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build-")]


# --- Disk full, read-only, permission denied -------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of its own (tmpfs, mounted as root) that can fill up or turn read-only."""
    mount = tmp_path / "disque"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"mount impossible ici (root requis) : {result.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _change_every_page(content: Path, title: str) -> None:
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("\ntitre: ", f"\ntitre: {title} ", 1), encoding="utf-8")


def test_a_full_disk_gives_a_french_message_and_keeps_the_previous_build(tmp_path, small_disk):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = small_disk / "build"
    first = _cartographie("build", "--content", str(content), "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = _tree(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "remplissage").write_bytes(b"\0" * (free - 200_000))  # room for a few pages only
    _change_every_page(content, "Pleine")
    result = _cartographie("build", "--content", str(content), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "disque plein" in result.stderr and "intact" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "No space" not in result.stderr
    assert _tree(out) == before
    assert not [p.name for p in small_disk.iterdir() if p.name.startswith(".build-")]


def test_a_first_build_on_a_full_disk_leaves_nothing(tmp_path, small_disk):
    (small_disk / "remplissage").write_bytes(b"\0" * (shutil.disk_usage(small_disk).free - 300_000))
    result = _cartographie("build", "--content", str(conftest.CONTENT), "--out", str(small_disk / "build"), cwd=tmp_path)
    assert result.returncode == 1 and "disque plein" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir() if p.name != ".build.cache") == ["remplissage"]


def test_a_read_only_output_gives_a_french_message_and_keeps_the_previous_build(tmp_path, small_disk):
    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = small_disk / "build"
    assert _cartographie("build", "--content", str(content), "--out", str(out), cwd=tmp_path).returncode == 0
    before = _tree(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        _change_every_page(content, "Lecture seule")
        result = _cartographie("build", "--content", str(content), "--out", str(out), cwd=tmp_path)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert result.returncode == 1, result.stderr
    assert "lecture seule" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert _tree(out) == before


def test_a_permission_error_gives_a_french_message_and_keeps_the_previous_build(tmp_path, monkeypatch, capsys):
    """Root reads and writes whatever the modes say: the refusal is the system's, simulated where
    the build first creates something beside the output."""
    from generator.output import incremental

    content = tmp_path / "content"
    shutil.copytree(conftest.CONTENT, content)
    out = tmp_path / "build"
    build_site(content, out)
    before = _tree(out)

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(incremental, "_make_folders", refused)  # where the new site gets its folders
    _change_every_page(content, "Interdite")
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    message = capsys.readouterr().err
    assert "accès refusé" in message and str(tmp_path) in message, message
    assert "Permission denied" not in message
    assert _tree(out) == before
