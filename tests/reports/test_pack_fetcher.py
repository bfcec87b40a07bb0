"""WeasyPrint's URL fetcher for packs reads only the project's own static files."""

import pytest

from anpr_governance.reports.rendering import BASE_URL, ResourceRefused, StaticFilesOnly, render_html

pytestmark = pytest.mark.django_db


def test_it_reads_the_packs_stylesheet_from_the_static_files():
    response = StaticFilesOnly().fetch(BASE_URL + "reports/pack.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "data:text/css,body{}",
        BASE_URL + "reports/../../anpr_governance/settings.py",
        BASE_URL + "reports/%2e%2e/%2e%2e/anpr_governance/settings.py",
        BASE_URL + "js/app.js",  # a static file, but not one a pack needs
        BASE_URL + "reports/no-such-file.css",
        "https://anpr-governance.invalid/admin/",
    ],
)
def test_it_refuses_everything_else(url):
    with pytest.raises(ResourceRefused):
        StaticFilesOnly().fetch(url)


def test_user_content_is_printed_as_text_never_fetched(make_site, auditor, build, read_pack):
    from anpr_governance.core.history import save_with_history

    site = make_site("live", reference="STS-100")
    site.name = 'Bypass <img src="https://example.com/x.png"> <link rel=stylesheet href="file:///etc/passwd">'
    save_with_history(site, actor=None, reason="test.renamed", validate=False)
    pack = build(auditor, site_reference="STS-100")
    assert pack.state == "ready"
    assert '<img src="https://example.com/x.png">' in read_pack(pack).flat  # shown, as written


def test_the_html_links_only_the_packs_stylesheet(shared_live_pack, db):
    import json

    _pack, pdf = shared_live_pack
    html = render_html(json.loads(pdf.attachment))
    assert '<link rel="stylesheet" href="reports/pack.css">' in html
    assert "http://" not in html and "src=" not in html
