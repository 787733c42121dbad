"""The same pages as Markdown, for MkDocs and for Hugo: the benchmark's yardsticks.

From a ``content/`` folder, write one Markdown page per fiche (name, résumé, the
eight elements with the same texts, sources), one per project and one per phase,
plus one home page that links every fiche – the equivalent of the cartography's
fiches, programme and phase pages and operator list. Both projects get the same
pages; what differs is only each tool's own configuration:

- MkDocs: built-in ``mkdocs`` theme, no search plugin (the cartography has no
  search index either), ``nav`` holding only the home page (otherwise the theme
  repeats thousands of links on every page, which the cartography does not do);
- Hugo: a minimal theme in ``layouts/`` (base, single, list, home), no RSS,
  taxonomies or sitemap.

    python bench/mkdocs_hugo.py --content /tmp/bench/content --out /tmp/bench/md
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

ELEMENT_TITLES = (
    ("missions", "1. Missions en matière de numérique éducatif"),
    ("interventions", "2. Types d'interventions envisageables"),
    ("publics", "3. Niveaux, types et réseaux d'enseignement concernés"),
    ("zone", "4. Zone d'intervention"),
    ("modes_intervention", "5. Modes d'intervention possibles"),
    ("interaction", "6. Début du traitement d'une demande et délai moyen de réponse"),
    ("contacts", "7. Moyens privilégiés pour entrer en contact"),
    ("a_prevoir", "8. Éléments à prévoir pour faciliter les échanges"),
)


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _items(value) -> list[str]:
    """An element as Markdown list lines; 'a_confirmer' as one line."""
    if value == "a_confirmer":
        return ["*À confirmer.*"]
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, list):
                item = ", ".join(map(str, item))
            elif isinstance(item, dict):
                item = " ".join(str(v) for v in item.values())
            lines.append(f"- **{key}** : {item}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, dict):
            item = " — ".join(str(v) for v in item.values() if v is not True)
        lines.append(f"- {item}")
    return lines


def operator_markdown(fiche: dict) -> str:
    lines = [f"# {fiche['nom']} ({fiche['sigle']})", "", fiche["resume"], ""]
    for field, title in ELEMENT_TITLES:
        lines += [f"## {title}", "", *_items(fiche[field]), ""]
    lines += ["## Sources", "", *_items(fiche["sources"]), "", f"Fiche mise à jour le {fiche['mis_a_jour']}.", ""]
    return "\n".join(lines)


def project_markdown(project: dict) -> str:
    lines = [f"# {project['nom']}", "", project["resume"], "", project["description"], "", "## Étapes", ""]
    lines += [f"{n}. [{phase['titre']}]({phase['id']}/)" for n, phase in enumerate(project["phases"], start=1)]
    return "\n".join(lines) + "\n"


def phase_markdown(project: dict, phase: dict) -> str:
    lines = [f"# {phase['titre']} — {project['nom']}", "", phase["description"], ""]
    if phase.get("role_acteurs"):
        lines += ["## Qui fait quoi", "", phase["role_acteurs"], ""]
    lines += ["## Acteurs", "", *(f"- [{op}](../../../operateurs/{op}/)" for op in phase.get("acteurs", [])), ""]
    if phase.get("a_preparer"):
        lines += ["## À préparer", "", *_items(phase["a_preparer"]), ""]
    return "\n".join(lines)


def markdown_pages(content: Path) -> dict[str, str]:
    """Site-relative Markdown path -> text, the same for both tools."""
    pages: dict[str, str] = {}
    fiches = [_load(path) for path in sorted((content / "operators").glob("*.yaml"))]
    index = ["# Opérateurs", "", *(f"- [{f['nom']}](operateurs/{f['id']}/) — {f['resume']}" for f in fiches)]
    pages["index.md"] = "\n".join(index) + "\n"
    for fiche in fiches:
        pages[f"operateurs/{fiche['id']}.md"] = operator_markdown(fiche)
    for path in sorted((content / "projects").glob("*.yaml")):
        project = _load(path)
        pages[f"projets/{project['id']}/index.md"] = project_markdown(project)
        for phase in project["phases"]:
            pages[f"projets/{project['id']}/{phase['id']}.md"] = phase_markdown(project, phase)
    return pages


MKDOCS_YML = """\
site_name: Cartographie (banc d'essai MkDocs)
theme:
  name: mkdocs
plugins: []
nav:
  - index.md
"""

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Cartographie (banc d'essai Hugo)"
languageCode = "fr"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
}


def _front_matter(text: str) -> str:
    """Hugo takes the title from front matter: lift the first '# ' heading into it."""
    first, _, rest = text.partition("\n")
    title = first.removeprefix("# ").replace('"', '\\"')
    return f'---\ntitle: "{title}"\n---\n{rest}'


def write_mkdocs(pages: dict[str, str], out: Path) -> Path:
    """A MkDocs project in ``out``; returns its mkdocs.yml."""
    docs = out / "docs"
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return out / "mkdocs.yml"


def write_hugo(pages: dict[str, str], out: Path) -> Path:
    """A Hugo site in ``out`` (index.md pages become section lists _index.md); returns its folder."""
    for rel, text in pages.items():
        rel = rel.replace("index.md", "_index.md") if rel.endswith("index.md") else rel
        path = out / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(text), encoding="utf-8")
    (out / "content" / "operateurs" / "_index.md").write_text('---\ntitle: "Opérateurs"\n---\n', encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = out / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return out


def write_projects(content: Path, out: Path) -> tuple[Path, Path]:
    """Both projects under ``out`` (replaced): (mkdocs.yml, Hugo site folder)."""
    if out.exists():
        shutil.rmtree(out)
    pages = markdown_pages(content)
    return write_mkdocs(pages, out / "mkdocs"), write_hugo(pages, out / "hugo")


def mkdocs_command(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-f", str(config), "-d", str(site)]


def hugo_command(source: Path, site: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(source), "--destination", str(site), "--cleanDestinationDir"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Écrire les pages équivalentes pour MkDocs et Hugo.")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    mkdocs_yml, hugo_dir = write_projects(args.content, args.out)
    print(f"MkDocs : {mkdocs_yml}\nHugo : {hugo_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
