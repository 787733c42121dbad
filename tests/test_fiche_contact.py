"""Contact first: every fiche opens, under its title and summary, with « Contacter ce service »
(the preferred contact as a link, the indicative delay, a link to « À prévoir »), inside the first
screen of a phone (390 × 800 CSS px, real Chromium); the eight elements follow; the page's tools
come after the fiche."""

from __future__ import annotations

import re

import pytest
import quality

PHONE = {"width": 390, "height": 800}

FIRST_SCREEN = """(id) => {
  const block = document.querySelector('#fiche-' + id + ' .fiche-contact');
  if (!block) return {missing: true};
  const box = block.getBoundingClientRect();
  const order = (a, b) => !!(a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING));
  return {
    top: box.top, bottom: box.bottom, scrollY: window.scrollY,
    afterSummary: order(document.querySelector('.fiche__summary'), block),
    beforeElements: order(block, document.querySelector('.fiche__element')),
    toolsAfterFiche: order(document.querySelector('.fiche'), document.querySelector('.fiche-actions')),
    prepare: (block.querySelector('a[href="#a_prevoir-' + id + '"]') || {}).textContent || null,
    target: !!document.getElementById('a_prevoir-' + id),
  };
}"""


def first_screen_problems(tab, url: str, op_id: str) -> list[str]:
    tab.set_viewport_size(PHONE)
    tab.goto(url)
    found = tab.evaluate(FIRST_SCREEN, op_id)
    if found.get("missing"):
        return ["pas de bloc « Contacter ce service » (.fiche-contact)"]
    problems = []
    if found["bottom"] > PHONE["height"]:
        problems.append(
            f"« Contacter ce service » finit à {found['bottom']:.0f} px : hors du premier écran "
            f"({PHONE['width']} × {PHONE['height']})"
        )
    if not found["afterSummary"] or not found["beforeElements"]:
        problems.append("« Contacter ce service » n'est pas entre le résumé et les huit éléments")
    if not found["toolsAfterFiche"]:
        problems.append("les outils de la page (copier, imprimer, signaler) précèdent la fiche")
    if not found["prepare"] or not found["target"]:
        problems.append("pas de lien vers « À prévoir » (#a_prevoir-…) dans le bloc")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("fiche", quality.fiches())
def test_contact_block_is_on_a_phones_first_screen(page, site_url, fiche):
    assert quality.pages_of(quality.FICHE_KIND), quality.no_fiche_message()
    op_id = fiche.strip("/").split("/")[-1]
    problems = first_screen_problems(page, site_url + fiche, op_id)
    assert not problems, f"/{fiche} :\n" + "\n".join(problems)


@pytest.mark.browser
def test_a_block_pushed_below_the_first_screen_fails(browser, built_site, tmp_path):
    from browser import serve

    fiche = quality.pages_of(quality.FICHE_KIND)[0]
    op_id = fiche.url.strip("/").split("/")[-1]
    site = quality.broken_copy(
        built_site,
        tmp_path,
        fiche.path,
        lambda html: html.replace(
            '<p class="fiche__summary">', '<p class="fiche__summary">' + "Texte ajouté pour pousser le bloc. " * 40, 1
        ),
    )
    with serve(site) as url:
        context = browser.new_context()
        try:
            problems = first_screen_problems(context.new_page(), url + fiche.url, op_id)
        finally:
            context.close()
    assert problems and re.match(r"« Contacter ce service » finit à \d+ px : hors du premier écran", problems[0]), problems


def test_the_block_links_the_preferred_contact_and_says_the_delay(carto, built_site):
    for op_id, operator in carto.operators.items():
        html = (built_site / "operateurs" / op_id / "index.html").read_text(encoding="utf-8")
        block = html[html.index('<section class="fiche-contact"') :]
        block = block[: block.index("</section>")]
        assert "Contacter ce service</h2>" in block, op_id
        preferred = operator.preferred_contact
        if preferred is None:
            assert 'class="a-confirmer">À confirmer</span>' in block.split("Délai")[0], op_id
            if op_id != "sgne" and "sgne" in carto.operators:
                assert 'operateurs/sgne/"' in block, op_id  # whom to ask meanwhile
        elif preferred.href:
            assert f'href="{preferred.href}"' in block, op_id
        delay = operator.interaction.delai_moyen
        assert (
            "Délai de réponse indicatif : "
            + ("<span class=\"a-confirmer\">À confirmer</span>" if isinstance(delay, str) else delay.label)
            in block
        ), op_id
        assert f'href="#a_prevoir-{op_id}"' in block, op_id
