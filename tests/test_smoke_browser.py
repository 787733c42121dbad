def test_home_page_renders_in_chromium(page, site_url):
    page.goto(site_url)
    assert page.locator("h1").inner_text().startswith("Cartographie")
