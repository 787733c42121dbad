"""`cartographie build --file-urls`: a site opened from the disk links to pages, not folders."""

import json
import re

from conftest import CONTENT

from generator.build import build_site


def test_file_url_build_links_every_page_by_its_index_html(tmp_path):
    out = tmp_path / "site"
    build_site(CONTENT, out, file_urls=True)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
            if href.startswith(("http:", "https:", "mailto:", "tel:", "#")):
                continue
            path = href.split("#")[0]
            assert path.endswith(".html") or "." in path.rsplit("/", 1)[-1], f"{page}: {href}"
            assert (page.parent / path).resolve().is_file(), f"{page}: {href}"
    # The interactive diagram's links, written into its data file rather than a page.
    script = (out / "assets" / "diagram" / "data.js").read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("window.CARTO_DIAGRAM = ").rstrip().removesuffix(";"))
    links = [node["href"] for node in data["nodes"] if "href" in node]
    assert links
    for href in links:
        assert href.endswith("index.html") and (out / "diagramme" / href).resolve().is_file(), href


def test_default_build_keeps_clean_folder_urls(built_site):
    html = (built_site / "operateurs" / "index.html").read_text(encoding="utf-8")
    assert 'href="../operateurs/sgne/"' in html and 'href="../operateurs/sgne/index.html"' not in html
