"""Synthetic content for the benchmark: N operator fiches, projects with phases, the decision tree.

Deterministic from a seed: the same (operators, seed, projects) always writes the
same bytes. The content passes ``cartographie validate``:

- ``site.yaml`` and ``vocabulaires.yaml`` are copied from the real ``content/``,
  and fiches use only their vocabulary ids;
- fiches have realistic French text lengths (the real fiches' order of magnitude),
  every contact type, some elements and contacts marked ``a_confirmer``;
- projects have phases whose actors are synthetic operators;
- the real decision tree (``content/orientation.yaml``) is copied, its ``ajouts``
  pointed at synthetic operators; the first operators (one per category) serve
  every network, unit and region and declare every intervention, so every path of
  any tree over these vocabularies ends on at least one operator.

    python bench/synth.py --operators 1000 --seed 1 --out /tmp/bench-content
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
REAL_CONTENT = REPO / "content"

#: The latest review date of the real fiches: synthetic ones are reviewed in the 200 days before.
REVIEWED_UNTIL = dt.date(2026, 11, 24)

_WORDS = (
    "accompagnement équipe éducative école implantation pouvoir organisateur direction enseignant "
    "numérique projet pédagogique matériel tablette ordinateur réseau connexion câblage maintenance "
    "support formation conseiller fédération plateforme ressource usage apprentissage élève classe "
    "plan de pilotage stratégie demande service référent intervention dépannage logiciel licence "
    "infrastructure wifi serveur sécurité données protection inventaire équipement commande livraison "
    "installation prise en main visite rendez-vous ticket helpdesk portail candidature appel dossier "
    "évaluation suivi cellule région zone commune province cadastre bande passante compétences "
    "coordination orientation acteurs soutien cours outils collaboratifs environnement espace "
    "interréseaux catalogue module séance atelier webinaire guide fiche tutoriel question réponse"
).split()

_VERBS = (
    "accompagne conseille forme oriente soutient coordonne aide installe entretient répare "
    "informe guide outille évalue suit organise propose met à disposition anime"
).split(" ")

_FIRST_NAMES = ("Service", "Cellule", "Centre", "Bureau", "Pôle", "Agence", "Helpdesk", "Réseau", "Espace", "Institut")


class _Text:
    """Plausible French sentences, drawn from one seeded random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(count))

    def sentence(self, low: int = 8, high: int = 24, markdown: bool = False) -> str:
        words = [self.rng.choice(_WORDS) for _ in range(self.rng.randint(low, high))]
        words.insert(1, self.rng.choice(_VERBS))
        if markdown and len(words) > 6:
            i = self.rng.randrange(2, len(words) - 2)
            words[i] = f"*{words[i]}*"
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int, markdown: bool = False) -> str:
        return " ".join(self.sentence(markdown=markdown) for _ in range(sentences))

    def clipped(self, limit: int, low: int = 12, high: int = 30) -> str:
        text = self.sentence(low, high)
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "."


#: Belgian two-digit zone codes (Namur 081, Charleroi 071, Mons 065…): a number in any of them is valid
#: for libphonenumber, as validate requires.
_ZONE_CODES = (10, 19, 60, 63, 64, 65, 67, 69, 71, 81, 82, 83, 84, 85, 86, 87)


def _vocabularies() -> dict[str, list[str]]:
    data = yaml.safe_load((REAL_CONTENT / "vocabulaires.yaml").read_text(encoding="utf-8"))
    return {name: [term["id"] for term in terms] for name, terms in data.items()}


def _zones_by_region() -> dict[str, list[str]]:
    data = yaml.safe_load((REAL_CONTENT / "vocabulaires.yaml").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for zone in data["zones"]:
        found.setdefault(zone["region"], []).append(zone["id"])
    return found


def operator_ids(count: int) -> list[str]:
    return [f"op-{index:05d}" for index in range(count)]


def _date(rng: random.Random) -> dt.date:
    return REVIEWED_UNTIL - dt.timedelta(days=rng.randrange(0, 200))


def _some(rng: random.Random, values: list[str], low: int = 1) -> list[str]:
    """A non-empty subset, in vocabulary order."""
    chosen = set(rng.sample(values, rng.randint(low, len(values))))
    return [v for v in values if v in chosen]


def _contacts(rng: random.Random, text: _Text, index: int) -> list[dict] | str:
    if rng.random() < 0.05:
        return "a_confirmer"
    contacts = []
    kinds = ["email", "telephone", "formulaire", "site", "adresse"]
    # Every type appears across the set; each fiche has one to five of them, in a varied order.
    first = kinds[index % len(kinds)]
    others = [k for k in kinds if k != first]
    for kind in [first] + rng.sample(others, rng.randint(0, 4)):
        value = {
            "email": f"contact{index}@service{index % 97}.be",
            "telephone": f"0{rng.choice(_ZONE_CODES)}/{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "formulaire": f"https://support{index % 53}.example.be/demande/{index}",
            "site": f"https://www.service{index}.example.be/",
            "adresse": f"Rue {text.words(2)} {rng.randint(1, 200)}, {rng.randint(1000, 7999)} Localité",
        }[kind]
        contact: dict = {"type": kind, "valeur": value}
        if rng.random() < 0.7:
            contact["libelle"] = text.clipped(80, 3, 8)
        if kind == "telephone" and rng.random() < 0.5:
            contact["horaires"] = "Du lundi au vendredi, de 8 h 30 à 16 h 30"
        if rng.random() < 0.1:
            contact["a_confirmer"] = True
        contacts.append(contact)
    return contacts


def _sources(rng: random.Random, text: _Text, index: int) -> list[dict]:
    sources = []
    for n in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            source = {"document": f"{rng.randrange(1000):03d}_{rng.getrandbits(64):016x}.txt"}
        else:
            source = {"url": f"https://www.service{index}.example.be/page-{n}", "consulte_le": _date(rng)}
        source["titre"] = text.clipped(100, 4, 10)
        if rng.random() < 0.6:
            source["passage"] = text.clipped(100, 3, 10)
        sources.append(source)
    return sources


def make_operator(
    index: int, ids: list[str], vocab: dict[str, list[str]], zones: dict[str, list[str]], rng: random.Random
) -> dict:
    """One fiche; the first ``len(categories)`` ones are broad (every intervention, public, region)."""
    text = _Text(rng)
    broad = index < len(vocab["categories"])
    op_id = ids[index]
    interventions = vocab["interventions"] if broad else _some(rng, vocab["interventions"])[:4]
    regions = vocab["regions"] if broad else _some(rng, vocab["regions"])
    zone: dict = {"regions": regions}
    if not broad and rng.random() < 0.3:
        zone["zones"] = _some(rng, [z for r in regions for z in zones.get(r, [])])
    if rng.random() < 0.4:
        zone["precision"] = text.clipped(140, 6, 16)
    name = f"{rng.choice(_FIRST_NAMES)} {text.words(rng.randint(2, 6))}"
    operator: dict = {
        "id": op_id,
        "nom": name[0].upper() + name[1:],
        "sigle": f"S{index:05d}",
        "categorie": vocab["categories"][index % len(vocab["categories"])],
        "resume": text.clipped(280, 15, 40),
        "site_web": f"https://www.service{index}.example.be/",
        "missions": "a_confirmer"
        if rng.random() < 0.05
        else [text.sentence(12, 40, markdown=True) for _ in range(rng.randint(2, 5))],
        "interventions": [
            {"type": kind, **({"detail": text.sentence(8, 25)} if rng.random() < 0.6 else {})} for kind in interventions
        ],
        "publics": {
            "reseaux": vocab["reseaux"] if broad else _some(rng, vocab["reseaux"]),
            "unites": vocab["unites"] if broad else _some(rng, vocab["unites"]),
            **({"precision": text.clipped(140, 6, 16)} if rng.random() < 0.3 else {}),
        },
        "zone": zone,
        "modes_intervention": "a_confirmer"
        if rng.random() < 0.1
        else [
            {"type": kind, **({"detail": text.sentence(6, 18)} if rng.random() < 0.4 else {})}
            for kind in _some(rng, vocab["modes_intervention"])[:3]
        ],
        "interaction": {
            "mode": "a_confirmer" if rng.random() < 0.1 else text.sentence(8, 20),
            "canal": rng.choice(vocab["canaux"]),
            "delai_moyen": "a_confirmer"
            if rng.random() < 0.3
            else {"valeur": rng.randint(1, 10), "unite": rng.choice(["heures", "jours-ouvrables", "jours", "semaines"])},
        },
        "contacts": _contacts(rng, text, index),
        "a_prevoir": "a_confirmer" if rng.random() < 0.2 else [text.sentence(6, 20) for _ in range(rng.randint(1, 5))],
        "sources": _sources(rng, text, index),
        "mis_a_jour": _date(rng),
        "voir_aussi": sorted(set(rng.sample(ids, min(len(ids), rng.randint(0, 4)))) - {op_id}),
    }
    return operator


def make_project(index: int, ids: list[str], rng: random.Random) -> dict:
    text = _Text(rng)
    start = 2009 + index % 17
    phases = []
    for number in range(1, rng.randint(5, 13) + 1):
        phase: dict = {
            "id": f"etape-{number}",
            "numero": number,
            "titre": text.clipped(70, 3, 8),
            "description": "\n\n".join(text.paragraph(rng.randint(2, 4), markdown=True) for _ in range(rng.randint(1, 2))),
            "acteurs": sorted(set(rng.sample(ids, min(len(ids), rng.randint(1, 5))))),
        }
        if rng.random() < 0.7:
            phase["role_acteurs"] = text.paragraph(1)
        phase["a_preparer"] = [text.sentence(6, 18) for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.4:
            phase["jalons"] = [
                {"date": f"{start}-{month:02d}-{rng.randint(1, 28):02d}", "libelle": text.clipped(90, 4, 10)}
                for month in sorted(rng.sample(range(1, 13), rng.randint(1, 3)))
            ]
        phases.append(phase)
    return {
        "id": f"projet-{index:04d}",
        "nom": f"Appel à projets {text.words(2)} {start}",
        "resume": text.clipped(280, 15, 40),
        "description": "\n\n".join(text.paragraph(rng.randint(3, 6), markdown=True) for _ in range(rng.randint(2, 4))),
        "porteur": rng.choice(ids),
        "periode": {"debut": f"{start}-09-01", **({"fin": f"{start + 1}-06-30"} if rng.random() < 0.7 else {})},
        "ordre": 10 * (index + 1),
        "phases": phases,
        "sources": [{"document": f"{rng.randrange(1000):03d}_{rng.getrandbits(64):016x}.txt", "titre": text.clipped(100, 4, 10)}],
        "mis_a_jour": _date(rng),
    }


def _tree(ids: list[str]) -> dict | None:
    """The real decision tree, its added operators replaced by synthetic ones."""
    path = REAL_CONTENT / "orientation.yaml"
    if not path.exists():
        return None
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    for result in tree.get("resultats", []):
        result.pop("en_premier", None)  # random fiches need not fit the real tree's first choices
        for ajout in result.get("ajouts", []):
            ajout["operateur"] = ids[0]
    return tree


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def default_projects(operators: int) -> int:
    """The real content has 3 programmes for 11 fiches; keep a few per hundred fiches."""
    return max(3, operators // 50)


def write_synthetic_content(
    out_dir: Path | str, operators: int, seed: int = 1, projects: int | None = None, tree: bool = True
) -> Path:
    """Write a complete ``content/`` folder into ``out_dir`` (replaced if it exists); return it."""
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    (out / "operators").mkdir(parents=True)
    (out / "projects").mkdir()
    for name in ("site.yaml", "vocabulaires.yaml"):
        shutil.copyfile(REAL_CONTENT / name, out / name)
    vocab = _vocabularies()
    zones = _zones_by_region()
    ids = operator_ids(max(operators, 1))
    rng = random.Random(seed)
    for index in range(len(ids)):
        _dump(out / "operators" / f"{ids[index]}.yaml", make_operator(index, ids, vocab, zones, rng))
    for index in range(default_projects(operators) if projects is None else projects):
        _dump(out / "projects" / f"projet-{index:04d}.yaml", make_project(index, ids, rng))
    tree_data = _tree(ids) if tree else None
    if tree_data is not None:
        _dump(out / "orientation.yaml", tree_data)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Écrire un contenu synthétique pour le banc d'essai.")
    parser.add_argument("--operators", type=int, required=True, help="nombre de fiches opérateurs")
    parser.add_argument("--projects", type=int, default=None, help="nombre de projets (défaut : max(3, N/50))")
    parser.add_argument("--seed", type=int, default=1, help="graine (défaut : 1)")
    parser.add_argument("--out", type=Path, required=True, help="dossier à écrire (remplacé s'il existe)")
    parser.add_argument("--no-tree", action="store_true", help="sans arbre de décision")
    args = parser.parse_args(argv)
    out = write_synthetic_content(args.out, args.operators, args.seed, args.projects, tree=not args.no_tree)
    print(f"écrit : {out} ({args.operators} fiches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
