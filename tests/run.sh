#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs them.
#   bash tests/run.sh            # all tests
#   bash tests/run.sh -k fiche   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium chromium-driver default-jre-headless poppler-utils shellcheck)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installation des paquets Debian : ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Paquets Debian manquants : ${missing[*]}" >&2
    echo "Installez-les avec : sudo apt-get install -y ${missing[*]}" >&2
    [ "${CI:-}" = "true" ] && exit 1
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'

set +e
python3 -m pytest "$@"
code=$?
set -e
if [ $code -eq 5 ]; then
  echo "Aucun test collecté : c'est un échec." >&2
  exit 1
fi
exit $code
