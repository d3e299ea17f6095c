"""Data Docs render styled with no network: headless Chromium, every host unresolvable."""

import html
import json
import re
from pathlib import Path

import pytest

from pipelines.lib.data_docs import make_offline, remote_assets
from pipelines.lib.gx_suites import load_suites, run_suites
from tests.headless_chromium import run_chromium

# Appended to a copy of a page: reports what loaded, in the DOM that --dump-dom prints.
PROBE = """
<div id="probe-d-none" class="d-none"></div><i id="probe-fa" class="fas fa-check"></i>
<script>
window.addEventListener("load", function () {
  var probe = {
    bootstrap_css: getComputedStyle(document.getElementById("probe-d-none")).display,
    body_font: getComputedStyle(document.body).fontFamily,
    font_awesome: getComputedStyle(document.getElementById("probe-fa")).fontFamily,
    jquery: typeof window.jQuery,
    bootstrap_js: typeof (window.jQuery && jQuery.fn.collapse),
    table_rows: document.querySelectorAll("table tbody tr").length
  };
  document.body.setAttribute("data-probe", JSON.stringify(probe));
});
</script>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, built_sample) -> Path:
    root = tmp_path_factory.mktemp("data_docs")
    docs = root / "docs"
    run_suites(built_sample.warehouse, load_suites(), data_docs_dir=docs)
    make_offline(docs)
    return docs


def test_without_the_rewrite_gx_pages_are_unstyled_offline(built_sample, tmp_path):
    """The control: the probe does see the difference the rewrite makes."""
    docs = tmp_path / "docs"
    run_suites(built_sample.warehouse, load_suites()[:1], data_docs_dir=docs)
    assert remote_assets((docs / "index.html").read_text(encoding="utf-8"))
    raw = _probe(docs / "index.html", tmp_path)
    assert raw["bootstrap_css"] != "none" and raw["jquery"] == "undefined"
    assert raw["table_rows"] == 0


def _probe(page: Path, tmp_path: Path) -> dict:
    probe_page = page.with_name("probe-" + page.name)
    probe_page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    result = run_chromium(
        probe_page, tmp_path / "chromium", "--virtual-time-budget=5000", "--dump-dom", timeout=120
    )
    probe_page.unlink()
    match = re.search(r'data-probe="([^"]*)"', result.stdout)
    assert match, result.stderr[-2000:]
    return json.loads(html.unescape(match.group(1)))


def test_no_page_loads_anything_from_the_network(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 2 * len(load_suites())  # index, a suite page and a result each
    for page in pages:
        assert remote_assets(page.read_text(encoding="utf-8")) == [], page


def test_pages_render_styled_in_chromium_offline(site, tmp_path):
    index = _probe(site / "index.html", tmp_path)
    # Bootstrap's CSS and JS and Font Awesome all loaded from disk
    assert index["bootstrap_css"] == "none"
    assert index["body_font"].startswith("-apple-system")  # Bootstrap's font stack
    assert "Font Awesome" in index["font_awesome"]
    assert index["jquery"] == "function" and index["bootstrap_js"] == "function"
    # the index tables (validations and suites) are drawn from their inline data
    assert index["table_rows"] == 2 * len(load_suites())
    (validation,) = site.glob("validations/marts/fct_customs_trade/*/*/*.html")
    result_page = _probe(validation, tmp_path)
    assert result_page["bootstrap_css"] == "none" and result_page["bootstrap_js"] == "function"
    assert result_page["table_rows"] > 10  # one row per expectation, statistics
