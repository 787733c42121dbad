"""Links gate, in a real HTTP server under a sub-path: from the home page, every same-origin
link, anchor and asset answers 200 and every #anchor has its id; every page listed in the
sitemap is reachable from the home page. (tests/test_build.py checks the same links in the
files, without a server; this one catches what only a server shows, such as '/…' links that
leave the sub-path.)"""

from __future__ import annotations

import quality


def _sitemap_urls(site_url):
    return [site_url + page.url for page in quality.site_pages() if page.in_sitemap]


def test_every_link_anchor_and_asset_answers_from_the_home_page(site_url):
    every_page = [site_url + page.url for page in quality.site_pages()] + [site_url + "404.html"]
    reached, problems = quality.crawl(site_url, extra=every_page)
    assert len(reached) > 1
    assert not problems, "\n".join(problems)


def test_every_page_of_the_sitemap_is_reachable_from_the_home_page(site_url):
    reached, _ = quality.crawl(site_url)
    orphans = sorted(set(_sitemap_urls(site_url)) - reached)
    assert not orphans, "pages du plan du site qu'aucun lien ne relie à l'accueil :\n" + "\n".join(orphans)


def test_a_broken_link_a_missing_anchor_and_a_root_link_fail(built_site, tmp_path):
    from browser import serve

    broken = (
        '<a href="projets/nulle-part/">perdu</a> <a href="accessibilite/#absente">ancre</a> <a href="/operateurs/">racine</a>'
    )
    site = quality.broken_copy(built_site, tmp_path, "index.html", lambda html: quality.inject(html, broken))
    with serve(site) as url:
        _, problems = quality.crawl(url)
    assert "/projets/nulle-part/ → HTTP 404 (lien depuis /)" in problems, problems
    assert "/ : le lien accessibilite/#absente → ancre #absente absente de /accessibilite/" in problems, problems
    assert any("le lien /operateurs/ sort du sous-chemin du site" in p for p in problems), problems
