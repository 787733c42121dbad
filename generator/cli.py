"""The ``cartographie`` command.

Exit codes: 0 success, 1 invalid content (or a failed build), 2 usage error.
Content errors are printed in French, one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
import typing
from pathlib import Path

from generator.content.issues import ContentError, ContentIssue, render_issues

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("build")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> typing.NoReturn:  # usage errors: exit 2, in French
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog} : erreur d'utilisation : {message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cartographie", description="Cartographie des acteurs du soutien au numérique éducatif.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="vérifier le contenu (fiches, projets, vocabulaires, arbre)")
    _content_arg(validate)
    validate.add_argument(
        "--format",
        choices=["text", "github", "json"],
        default="text",
        help="text (défaut), github (annotations GitHub Actions) ou json",
    )
    validate.add_argument("--strict", action="store_true", help="les avertissements comptent comme des erreurs")
    validate.add_argument(
        "--changed-since",
        default=None,
        metavar="REF",
        help="avec --strict : seuls les fichiers modifiés depuis la version REF de git (ex. origin/main) "
        "sont stricts ; les autres avertissements restent des avertissements",
    )
    validate.add_argument(
        "--summary",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="ajouter le verdict en Markdown à FICHIER (ex. \"$GITHUB_STEP_SUMMARY\")",
    )
    validate.add_argument(
        "--revision-mois",
        type=int,
        default=None,
        metavar="N",
        help="signaler les fiches relues il y a plus de N mois (défaut : revision_mois de chaque fiche, 12)",
    )

    schema = sub.add_parser("schema", help="régénérer les fichiers JSON Schema de schema/json/")
    _content_arg(schema)
    schema.add_argument("--check", action="store_true", help="vérifier seulement qu'ils sont à jour (code 1 sinon)")

    build = sub.add_parser("build", help="construire le site statique")
    _content_arg(build)
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dossier de sortie (défaut : build/)")
    build.add_argument(
        "--base-url", type=_base_url, default=None, help="adresse publique du site (ex. https://exemple.be/cartographie/)"
    )
    build.add_argument("--quiet", action="store_true", help="n'afficher que les erreurs")
    build.add_argument(
        "--file-urls",
        action="store_true",
        help="liens vers …/index.html, pour ouvrir le site depuis le disque (clé USB, intranet sans serveur)",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processus de rendu (défaut : un par cœur, au plus 4 ; 1 : sans processus auxiliaire)",
    )

    serve = sub.add_parser("serve", help="prévisualiser le site sur 127.0.0.1 et le reconstruire à chaque modification")
    _content_arg(serve)
    serve.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dossier de sortie (défaut : build/)")
    serve.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : 8000)")

    nouveau = sub.add_parser("nouveau", help="créer une fiche à compléter (modèle commenté)")
    nouveau.add_argument("type", choices=["operateur", "projet"], help="operateur ou projet")
    nouveau.add_argument("id", help="identifiant : minuscules, chiffres et tirets (ex. « mon-service »)")
    _content_arg(nouveau)

    rapport = sub.add_parser("rapport", help="fiches à relire, éléments à confirmer, score de complétude")
    _content_arg(rapport)
    rapport.add_argument("--format", choices=["text", "json"], default="text", help="text (défaut) ou json")
    rapport.add_argument(
        "--revision-mois",
        type=int,
        default=None,
        metavar="N",
        help="délai de relecture en mois (défaut : revision_mois de chaque fiche, 12)",
    )

    contributing = sub.add_parser("contributing", help="régénérer la liste des champs de CONTRIBUTING.md")
    contributing.add_argument("--file", type=Path, default=Path("CONTRIBUTING.md"), help="défaut : CONTRIBUTING.md")
    contributing.add_argument("--check", action="store_true", help="vérifier seulement qu'elle est à jour (code 1 sinon)")

    orientation = sub.add_parser("orientation", help="arbre de décision : parcours, instantané, diagramme Mermaid")
    _content_arg(orientation)
    orientation.add_argument(
        "--snapshot", action="store_true", help="réécrire content/orientation.snapshot.txt et le diagramme de docs/orientation.md"
    )
    orientation.add_argument("--check", action="store_true", help="vérifier seulement qu'ils sont à jour (code 1 sinon)")
    orientation.add_argument("--mermaid", action="store_true", help="afficher l'arbre en Mermaid")
    orientation.add_argument(
        "--diff",
        default=None,
        metavar="REF",
        help="les parcours qui changent depuis la version REF de git (ex. origin/main), en Markdown",
    )
    orientation.add_argument(
        "--summary",
        type=Path,
        default=None,
        metavar="FICHIER",
        help="avec --diff : ajouter le Markdown à FICHIER (ex. \"$GITHUB_STEP_SUMMARY\") au lieu de l'afficher",
    )
    return parser


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="dossier du contenu (défaut : content/)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "validate": cmd_validate,
        "schema": cmd_schema,
        "build": cmd_build,
        "serve": cmd_serve,
        "nouveau": cmd_nouveau,
        "rapport": cmd_rapport,
        "contributing": cmd_contributing,
        "orientation": cmd_orientation,
    }[args.command]
    collecting = gc.isenabled()
    if args.command != "serve":
        # A one-shot command only accumulates objects: the cyclic collector's passes over the
        # growing heap of fiches made loading superlinear (figures: bench/README.md, « Mesures derrière le code »).
        gc.disable()
    try:
        return handler(args)
    except ContentError as exc:
        fmt = getattr(args, "format", "text")
        print(render_issues(exc.issues, fmt), file=sys.stdout if fmt != "text" else sys.stderr)
        errors = sum(issue.is_error for issue in exc.issues)
        if fmt == "text":
            print(f"\n{errors} erreur(s) dans le contenu ; rien n'a été modifié.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if collecting:
            gc.enable()
        if argv is None and args.command != "serve":
            _skip_collection_at_exit()


def _skip_collection_at_exit() -> None:
    """Called when the process is about to end: leave the heap out of Python's last collections.

    At exit the interpreter runs the cyclic collector over every object the command made
    (content, models, networkx, compiled templates): a good part of a short command
    (bench/README.md, « Mesures derrière le code »). gc.freeze() moves them to the permanent generation, which collections skip.
    Files, atexit handlers and live objects' finalisers are unaffected; only garbage in
    reference cycles goes unfinalised, as Python allows at exit (every file the commands
    write is closed by a ``with`` block or ``Path.write_*``). Only for a command run as a
    program (``argv`` from the command line), never for ``main([...])`` called in a process
    that goes on (tests).
    """
    gc.freeze()


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.model.load import load_cartography

    if args.changed_since is not None and not args.strict:
        _parser().error("--changed-since va avec --strict (il dit quels fichiers sont stricts)")
    started = time.perf_counter()
    try:
        carto = load_cartography(args.content, args.revision_mois)
    except ContentError as exc:
        _append_summary(args.summary, [i for i in exc.issues if i.is_error], [i for i in exc.issues if not i.is_error], None)
        raise
    strict, warnings = _strict_warnings(args, carto.warnings)
    if strict is None:
        return 2
    shown = [*strict, *warnings]
    if shown:
        print(render_issues(sorted(shown), args.format), file=sys.stdout if args.format != "text" else sys.stderr)
    scope = (
        None
        if not args.strict
        else (f"les fichiers modifiés depuis {args.changed_since}" if args.changed_since else "tous les fichiers")
    )
    _append_summary(args.summary, strict, warnings, scope)
    if strict:
        if args.format == "text":
            print(f"\n{len(strict)} avertissement(s), comptés comme erreurs (--strict).", file=sys.stderr)
        return 1
    if args.format == "json" and not shown:
        print("[]")
    if args.format == "text":
        elapsed = time.perf_counter() - started
        print(
            f"Contenu valide : {len(carto.operators)} fiches opérateurs, {len(carto.projects)} projets"
            f"{', arbre de décision' if carto.tree is not None else ''}"
            f" ({len(warnings)} avertissement(s), {elapsed:.2f} s)."
        )
    return 0


def _strict_warnings(args: argparse.Namespace, warnings: list[ContentIssue]):
    """(warnings that count as errors, shown as errors; the others), or (None, None) when git cannot tell
    which files changed. CI: a strict warning blocks, so it is shown red, on its line, in GitHub."""
    import os
    from dataclasses import replace

    if not args.strict:
        return [], warnings
    if args.changed_since is None:
        return [replace(w, severity="erreur") for w in warnings], []
    from generator.content.changes import ChangesUnavailable, changed_files

    try:
        changed = changed_files(args.content, args.changed_since)
    except ChangesUnavailable as exc:
        print(f"cartographie validate : erreur : {exc}.", file=sys.stderr)
        return None, None
    inside = [w for w in warnings if os.path.abspath(w.file) in {str(p) for p in changed}]
    return [replace(w, severity="erreur") for w in inside], [w for w in warnings if w not in inside]


def _append_summary(path: Path | None, errors: list[ContentIssue], warnings: list[ContentIssue], scope: str | None) -> None:
    if path is None:
        return
    from generator.editors.summary import issues_markdown

    with open(path, "a", encoding="utf-8") as summary:
        summary.write(issues_markdown(errors, warnings, scope))


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.editors.jsonschema import SCHEMA_DIR, load_vocabularies, schema_documents, vocabulary_ids, write_schemas

    vocab = load_vocabularies(args.content)  # only the vocabularies: a broken fiche must not block this
    if args.check:
        stale = [
            name
            for name, text in schema_documents(vocabulary_ids(vocab)).items()
            if not (SCHEMA_DIR / name).exists() or (SCHEMA_DIR / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"JSON Schema pas à jour : {', '.join(stale)} ; lancez « cartographie schema ».", file=sys.stderr)
            return 1
        print("JSON Schema à jour.")
        return 0
    for path in write_schemas(vocab):
        print(f"écrit : {path}")
    return 0


def _base_url(text: str) -> str:
    """The public address written into every page (canonical links, sitemap, QR codes): http(s) only."""
    if not re.fullmatch(r"https?://[^\s\"'<>]+", text) or len(text) > 500:
        raise argparse.ArgumentTypeError(f"adresse publique invalide : {text[:80]!r} (attendu : https://exemple.be/chemin/)")
    return text


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"nombre de processus invalide : {text!r} (attendu : un entier ≥ 1)")
    return value


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build_site
    from generator.common.oserror import describe
    from generator.output.incremental import HandFileInTheWay
    from generator.output.outdir import OutputRefused
    from generator.output.search import SearchIndexError

    started = time.perf_counter()
    try:
        report = build_site(args.content, args.out, base_url=args.base_url, file_urls=args.file_urls, jobs=args.jobs)
    except (OutputRefused, HandFileInTheWay) as exc:
        print(f"cartographie build : erreur : {exc}", file=sys.stderr)
        return 2
    except SearchIndexError as exc:
        print(
            f"cartographie build : erreur : {exc}\nLe site précédent dans {args.out}/ est intact ; rien n'a été publié.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(
            f"cartographie build : erreur d'écriture : {describe(exc)}.\n"
            f"Le site précédent dans {args.out}/ est intact ; rien n'a été publié.",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        print(
            f"Site construit dans {args.out}/ : {report.pages} pages, {report.files} fichiers "
            f"({time.perf_counter() - started:.2f} s)."
        )
        if not (args.out / "sitemap.xml").exists():
            print("Remarque : sans adresse publique (--base-url ou url_publique), sitemap.xml n'est pas écrit.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.output.outdir import OutputRefused, check_output
    from generator.serve import serve

    try:
        check_output(args.out, args.content)
    except OutputRefused as exc:
        print(f"cartographie serve : erreur : {exc}", file=sys.stderr)
        return 2
    return serve(args.content, args.out, port=args.port)


def cmd_nouveau(args: argparse.Namespace) -> int:
    from generator.content.cartography import today
    from generator.editors.authoring import PLACEHOLDER, AuthoringError, new_fiche

    try:
        path = new_fiche(args.type, args.id, args.content, today(), _vocabularies(args.content))
    except AuthoringError as exc:
        print(f"cartographie nouveau : erreur : {exc}", file=sys.stderr)
        return 2
    print(
        f"Fiche créée : {path}\nRemplacez chaque « {PLACEHOLDER} » (les commentaires « # » expliquent chaque champ),"
        " puis lancez « cartographie validate »."
    )
    return 0


def _vocabularies(content: Path):
    """The vocabularies, to list their values in a template; None if they cannot be read."""
    from generator.editors.jsonschema import load_vocabularies

    try:
        return load_vocabularies(content)
    except ContentError:
        return None


def cmd_rapport(args: argparse.Namespace) -> int:
    from generator.editors.report import editors_report, render_json, render_text
    from generator.model.load import load_cartography

    report = editors_report(load_cartography(args.content, args.revision_mois), args.revision_mois)
    print(render_json(report) if args.format == "json" else render_text(report), end="")
    return 0


def cmd_contributing(args: argparse.Namespace) -> int:
    from generator.editors.authoring import update_contributing

    try:
        current, updated = update_contributing(args.file)
    except (OSError, ValueError) as exc:
        print(f"cartographie contributing : erreur : {exc}", file=sys.stderr)
        return 2
    if args.check:
        if current != updated:
            print(f"{args.file} : la liste des champs n'est pas à jour ; lancez « cartographie contributing ».", file=sys.stderr)
            return 1
        print(f"{args.file} : liste des champs à jour.")
        return 0
    if current != updated:
        args.file.write_text(updated, encoding="utf-8")
    print(f"écrit : {args.file}")
    return 0


def cmd_orientation(args: argparse.Namespace) -> int:
    from generator.content.cartography import display_path
    from generator.model.load import load_cartography
    from generator.model.tree import committed_exports, count_pages, snapshot, stale_exports, tree_to_mermaid
    from schema.kinds import TREE

    carto = load_cartography(args.content)
    if carto.tree is None:
        print(f"Pas d'arbre de décision ({display_path(args.content / TREE.pattern)}).", file=sys.stderr)
        return 1
    graph = carto.graph
    if args.diff is not None:
        return _orientation_diff(args, snapshot(carto.tree, graph))
    if args.check:
        stale = stale_exports(carto, graph)
        if stale:
            names = ", ".join(display_path(p) for p in stale)
            print(f"Orientation pas à jour : {names} ; lancez « cartographie orientation --snapshot ».", file=sys.stderr)
            return 1
        print("Instantané de l'orientation à jour.")
        return 0
    if args.snapshot:
        for path, text in committed_exports(carto, graph).items():
            path.write_text(text, encoding="utf-8")
            print(f"écrit : {display_path(path)}")
        return 0
    if args.mermaid:
        print(tree_to_mermaid(carto.tree), end="")
        return 0
    count = count_pages(carto.tree)
    print(snapshot(carto.tree, graph), end="")
    print(
        f"\n{count.walks} parcours ; {count.question_pages} pages de question et {count.result_pages} pages de résultat "
        f"(une page par étape de parcours en donnerait {count.path_pages})."
    )
    return 0


def _orientation_diff(args: argparse.Namespace, current: str) -> int:
    """The routing diff of a pull request: a review aid, never a failure (exit 0 whatever changed)."""
    import tempfile

    from generator.content.changes import ChangesUnavailable, content_at
    from generator.editors.summary import routing_markdown
    from generator.model.load import load_cartography
    from generator.model.tree import snapshot

    with tempfile.TemporaryDirectory(prefix="cartographie-base-") as folder:
        try:
            base = load_cartography(content_at(args.content, args.diff, Path(folder) / "content"))
            before = snapshot(base.tree, base.graph) if base.tree is not None else None
        except ChangesUnavailable as exc:
            print(f"cartographie orientation : erreur : {exc}.", file=sys.stderr)
            return 2
        except ContentError:  # the base itself is invalid: nothing sound to compare with
            before = None
    text = routing_markdown(before, current, args.diff)
    if args.summary is None:
        print(text, end="")
    else:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
