#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs them.
#   bash tests/run.sh            # all tests
#   bash tests/run.sh -k fiche   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts are named so that layout (reflow at 320 px, one A4 page per printed fiche) is the same
# on every machine, whatever else the image ships.
DEBIAN_PACKAGES=(chromium chromium-driver default-jre-headless poppler-utils shellcheck
                 fonts-liberation fonts-dejavu-core)

# html-validate and pa11y (tests/node, tests/test_quality_outside.py) run on Node.js; NodeSource's
# nodejs package brings its own npm (Debian's npm would conflict with it): ask only for what is missing.
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs npm)

# Debian's own python3 refuses pip installs (PEP 668) and may lack pip: use a virtual environment.
PYTHON=python3
if ! python3 -c 'import sys, sysconfig, pathlib; sys.exit(sys.prefix == sys.base_prefix and pathlib.Path(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED").exists())' \
   || ! python3 -m pip --version >/dev/null 2>&1; then
  PYTHON=.venv/bin/python
  [ -x "$PYTHON" ] || DEBIAN_PACKAGES+=(python3-venv python3-pip)
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installation des paquets Debian : ${missing[*]}"
    apt-get update -qq
    mkdir -p /usr/share/man/man1  # slim images drop it; the Java package's post-install needs it
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Paquets Debian manquants : ${missing[*]}" >&2
    echo "Installez-les avec : sudo apt-get install -y ${missing[*]}" >&2
    [ "${CI:-}" = "true" ] && exit 1
  fi
fi

if [ "$PYTHON" != python3 ] && [ ! -x "$PYTHON" ]; then
  python3 -m venv .venv
fi
"$PYTHON" -m pip install -q --disable-pip-version-check -e '.[test]'

# html-validate 10 and pa11y 9 need Node.js 20 or newer (Debian 12's own nodejs is 18): say so
# at once rather than let their tests fail one by one.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js ${node_major} trouvé : html-validate et pa11y (tests/node) demandent Node.js 20 ou plus récent." >&2
  exit 1
fi

# The npm tools, exactly as tests/node/package-lock.json pins them. pa11y drives Debian's Chromium
# (tests/quality.py sets PUPPETEER_EXECUTABLE_PATH): puppeteer downloads no browser, and no
# install script runs; nothing is fetched beyond the npm registry.
(cd tests/node && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# The layers of the pipeline (import-linter contracts in pyproject.toml), the linter, the formatter
# and the type checker, before the tests.
"$PYTHON" -m ruff check generator schema tests bench
"$PYTHON" -m ruff format --check generator schema tests bench
"$PYTHON" -m mypy
LINT_IMPORTS="$(dirname "$PYTHON")/lint-imports"
[ -x "$LINT_IMPORTS" ] || LINT_IMPORTS=lint-imports
"$LINT_IMPORTS" --no-cache

set +e
"$PYTHON" -m pytest "$@"
code=$?
set -e
if [ $code -eq 5 ]; then
  echo "Aucun test collecté : c'est un échec." >&2
  exit 1
fi
exit $code
