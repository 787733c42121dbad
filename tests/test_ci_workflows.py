"""The CI files: GitHub Actions workflows, GitLab CI, pre-commit.

Linted with check-jsonschema's vendored schemas (offline), their shell scripts
with shellcheck, and read for what they must do: validate with annotations,
build, preview, test, publish with the right public address. Every
``cartographie`` command they run is parsed by the real CLI parser, so renaming
an option breaks this test, not the next publication.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator.cli import _parser

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"


def load(path: Path) -> dict:
    # GitHub's "on:" is YAML 1.1's boolean True for PyYAML.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def lint(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_using(workflow: dict, action: str) -> dict:
    found = [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"attendu une étape {action}"
    return found[0]


def run_lines(scripts: list[str]) -> list[str]:
    return [line.strip() for script in scripts for line in script.splitlines() if line.strip()]


def cartographie_commands(lines: list[str]) -> list[list[str]]:
    return [shlex.split(line)[1:] for line in lines if line.startswith("cartographie ")]


def parses(argv: list[str]) -> object:
    return _parser().parse_args(argv)


# --- Lint ----------------------------------------------------------------------------------


def test_github_workflows_match_the_github_schema():
    result = lint("vendor.github-workflows", PULL_REQUEST, PAGES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_matches_the_gitlab_schema():
    result = lint("vendor.gitlab-ci", GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lint_catches_a_misspelt_key(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(PULL_REQUEST.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8")
    assert lint("vendor.github-workflows", broken).returncode == 1
    gitlab = tmp_path / ".gitlab-ci.yml"
    gitlab.write_text(GITLAB.read_text(encoding="utf-8").replace("expire_in:", "expires_in:"), encoding="utf-8")
    assert lint("vendor.gitlab-ci", gitlab).returncode == 1


def shellcheck(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    binary = shutil.which("shellcheck")
    if binary is None:
        pytest.fail("shellcheck absent : installez le paquet Debian « shellcheck » (bash tests/run.sh le fait)")
    path = tmp_path / "script.sh"
    path.write_text("#!/usr/bin/env bash\nset -e\n" + script + "\n", encoding="utf-8")
    return subprocess.run([binary, "--severity=info", str(path)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_workflow_scripts_pass_shellcheck(path, tmp_path):
    for step in steps(load(path)):
        if "run" not in step:
            continue
        # ${{ … }} is replaced by GitHub before the shell runs: stand in a harmless word.
        script = re.sub(r"\$\{\{[^}]*\}\}", "expression", step["run"])
        result = shellcheck(script, tmp_path)
        assert result.returncode == 0, f"{path.name} « {step.get('name', step['run'])} » :\n{result.stdout}"


def test_gitlab_scripts_pass_shellcheck(tmp_path):
    data = load(GITLAB)
    for name, job in data.items():
        if not isinstance(job, dict) or "script" not in job and "before_script" not in job:
            continue
        script = "\n".join(job.get("before_script", []) + job.get("script", []))
        result = shellcheck(script, tmp_path)
        assert result.returncode == 0, f".gitlab-ci.yml job « {name} » :\n{result.stdout}"


def test_shellcheck_can_fail(tmp_path):
    assert shellcheck("cd $UNQUOTED_DIR", tmp_path).returncode != 0


# --- What the GitHub workflows do ----------------------------------------------------------


def test_pull_request_workflow_validates_builds_previews_and_tests():
    workflow = load(PULL_REQUEST)
    assert "pull_request" in workflow["on"]
    lines = run_lines([s["run"] for s in steps(workflow) if "run" in s])
    commands = cartographie_commands(lines)
    validate = [parses(c) for c in commands if c[0] == "validate"]
    # Strict on the files the pull request changes only; the rest as warnings in the job summary.
    assert [(v.format, v.strict, v.changed_since, str(v.summary)) for v in validate] == [
        ("github", True, "origin/$BASE_REF", "$GITHUB_STEP_SUMMARY")
    ]
    # The routing diff: in the job summary, and never a failure (no --check).
    orientation = [parses(c) for c in commands if c[0] == "orientation"]
    assert [(o.diff, str(o.summary), o.check) for o in orientation] == [("origin/$BASE_REF", "$GITHUB_STEP_SUMMARY", False)]
    for step in steps(workflow):
        if "$BASE_REF" in step.get("run", ""):
            assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    build = [parses(c) for c in commands if c[0] == "build"]
    assert len(build) == 1 and build[0].file_urls  # the preview is opened from the disk
    assert "bash tests/run.sh" in lines
    artifact = step_using(workflow, "actions/upload-artifact")
    assert Path(artifact["with"]["path"]) == build[0].out
    assert workflow["permissions"] == {"contents": "read"}


def test_pages_workflow_publishes_with_the_pages_address():
    workflow = load(PAGES)
    assert workflow["on"]["push"]["branches"] == ["main"]
    # Never strict (an overdue fiche must not block a fix); the weekly run lists them in its summary.
    validate = [
        parses(c)
        for c in cartographie_commands(run_lines([s["run"] for s in steps(workflow) if "run" in s]))
        if c[0] == "validate"
    ]
    assert [(v.strict, str(v.summary)) for v in validate] == [(False, "$GITHUB_STEP_SUMMARY")]
    configure = step_using(workflow, "actions/configure-pages")
    build_steps = [s for s in steps(workflow) if "cartographie build" in s.get("run", "")]
    assert len(build_steps) == 1
    step = build_steps[0]
    # The address comes from the configure-pages step, through the environment (never pasted into the script).
    assert step["env"]["BASE_URL"] == "${{ steps.%s.outputs.base_url }}" % configure["id"]
    args = parses(shlex.split(step["run"].replace("$BASE_URL", "https://exemple.github.io/carto"))[1:])
    assert args.base_url == "https://exemple.github.io/carto/"
    upload = step_using(workflow, "actions/upload-pages-artifact")
    assert Path(upload["with"]["path"]) == args.out
    deploy_job = next(job for job in workflow["jobs"].values() if any("deploy-pages" in s.get("uses", "") for s in job["steps"]))
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["needs"] in workflow["jobs"]


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_checkout_keeps_the_history_for_the_fiche_changes(path):
    checkout = step_using(load(path), "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_actions_are_pinned_to_a_major_version(path):
    for step in steps(load(path)):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


# --- What GitLab CI does -------------------------------------------------------------------


def gitlab_jobs() -> dict[str, dict]:
    data = load(GITLAB)
    reserved = {"image", "variables", "cache", "stages", "workflow", "default", "include"}
    return {name: job for name, job in data.items() if name not in reserved and not name.startswith(".")}


def test_gitlab_jobs_use_declared_stages_in_order():
    data = load(GITLAB)
    assert data["stages"] == ["verifier", "tester", "publier"]
    assert {job["stage"] for job in gitlab_jobs().values()} <= set(data["stages"])
    assert data["variables"]["GIT_DEPTH"] == "0"


def test_gitlab_merge_requests_are_validated_strictly_and_tested():
    jobs = gitlab_jobs()
    lines = {name: run_lines(job["script"]) for name, job in jobs.items()}
    commands = [parses(c) for c in cartographie_commands(lines["valider"])]
    base = "$CI_MERGE_REQUEST_DIFF_BASE_SHA"
    report = jobs["valider"]["artifacts"]
    # The merge-request report: the routing diff (never a failure), then the verdict, strict on the changed files.
    assert [(c.command, c.diff if c.command == "orientation" else c.changed_since, str(c.summary)) for c in commands] == [
        ("orientation", base, report["paths"][0]),
        ("validate", base, report["paths"][0]),
    ]
    assert [c.strict for c in commands if c.command == "validate"] == [True]
    assert report["when"] == "always" and report["expose_as"]
    assert "bash tests/run.sh" in lines["tests"]
    preview = [parses(c) for c in cartographie_commands(lines["apercu"])]
    assert [Path(p) for p in jobs["apercu"]["artifacts"]["paths"]] == [preview[0].out]
    assert preview[0].file_urls


def test_gitlab_pages_job_publishes_public_with_the_pages_address():
    pages = gitlab_jobs()["pages"]
    assert pages["stage"] == "publier"
    assert pages["artifacts"]["paths"] == ["public"]
    assert 'cartographie build --out public --base-url "$CI_PAGES_URL/"' in pages["script"]
    args = parses(shlex.split(pages["script"][-1].replace("$CI_PAGES_URL", "https://groupe.gitlab.io/carto"))[1:])
    assert (str(args.out), args.base_url) == ("public", "https://groupe.gitlab.io/carto/")
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


# --- pre-commit -----------------------------------------------------------------------------


def test_pre_commit_hook_validates_content_strictly():
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"  # nothing downloaded: the hooks run what the project installs
    hook = next(h for h in repo["hooks"] if h["id"] == "cartographie-validate")
    assert hook["language"] in ("system", "python")
    assert hook["pass_filenames"] is False
    args = parses(shlex.split(hook["entry"])[1:])
    assert (args.command, args.strict) == ("validate", True)
    pattern = re.compile(hook["files"])
    assert pattern.search("content/operators/sgne.yaml")
    assert not pattern.search("generator/cli.py")


def test_pre_commit_runs_the_linter_and_the_layer_contracts_as_ci_does():
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert all(hook["language"] == "system" for hook in hooks.values())
    run_sh = (ROOT / "tests" / "run.sh").read_text(encoding="utf-8")
    assert hooks["ruff"]["entry"] in run_sh
    assert hooks["import-layers"]["entry"].split()[0] == "lint-imports" and "--no-cache" in run_sh
