"""GX Data Docs that render styled with no network.

GX's pages link Bootstrap, jQuery, Font Awesome, bootstrap-table, datepicker and Vega from
public CDNs. After GX has written a site, ``make_offline`` copies the same libraries from
Python packages the project installs (XStatic-Bootstrap 4.5, XStatic-jQuery 3.7.1,
fontawesomefree 6.6) into ``static/vendor/`` and points every page at them. Libraries no
package ships are replaced: bootstrap-table (which draws the index page's tables from inline
JSON) by a small local script that draws the same rows as a plain table; the datepicker and
Vega (used by no expectation of ours) are dropped; the logo comes from GX's own static folder.
"""

import re
import shutil
from importlib.resources import files
from pathlib import Path

VENDOR = "static/vendor"
TABLE_SCRIPT = "autoexport/bootstrap-table-lite.js"

# CDN address prefix -> local file under static/vendor/ (None: the tag is removed)
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
_REPLACEMENTS: tuple[tuple[str, str | None], ...] = (
    (
        "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css",
        "bootstrap/css/bootstrap.min.css",
    ),
    # the bundle includes Popper, so the separate popper.js tag goes
    (
        "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js",
        "bootstrap/js/bootstrap.bundle.min.js",
    ),
    (_CDNJS + "popper.js/", None),
    ("https://code.jquery.com/jquery-3.7.1.min.js", "jquery/jquery.min.js"),
    (_CDNJS + "font-awesome/6.6.0/css/all.min.css", "fontawesome/css/all.min.css"),
    ("https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js", TABLE_SCRIPT),
    ("https://unpkg.com/bootstrap-table@", None),
    (_CDNJS + "bootstrap-datepicker/", None),
    ("https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark", None),
    ("https://cdn.jsdelivr.net/npm/vega", None),
    # GX's logo: the copy in the site's own static/images
    (
        "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/",
        "../images/logo-long.png",
    ),
)

_TAG = re.compile(
    r"<(script|link|img)\b[^>]*?\b(?:src|href)=\"(https?://[^\"]+)\"[^>]*>(?:</script>)?"
)
_INTEGRITY = re.compile(r"\s(?:integrity|crossorigin)=\"[^\"]*\"")
_CSS_URL = re.compile(r"url\('(https?://[^']+)'\)")

# Draws what bootstrap-table would: the rows given as inline JSON, sorted as configured, each
# row a link to its page. No search, filters or pagination.
_TABLE_LITE_JS = """\
(function ($) {
  $.fn.bootstrapTable = function (options) {
    if (typeof options !== "object") { return this; }
    var table = this, columns = options.columns || [], rows = (options.data || []).slice();
    var sortField = options.sortName, sortColumn = columns.filter(function (c) {
      return c.field === sortField; })[0];
    if (sortColumn) {
      var key = sortColumn.sortName || sortField, sign = options.sortOrder === "desc" ? -1 : 1;
      rows.sort(function (a, b) { return a[key] > b[key] ? sign : a[key] < b[key] ? -sign : 0; });
    }
    var head = $("<thead><tr></tr></thead>"), body = $("<tbody></tbody>");
    columns.forEach(function (c) { head.find("tr").append($("<th></th>").text(c.title)); });
    rows.forEach(function (row) {
      var tr = $("<tr class='clickable-row' style='cursor:pointer'></tr>");
      if (row._table_row_link_path) { tr.attr("data-href", row._table_row_link_path); }
      columns.forEach(function (c) { tr.append($("<td></td>").html(row[c.field])); });
      body.append(tr);
    });
    table.addClass("table table-sm table-hover").empty().append(head).append(body);
    table.on("click", "tr[data-href]", function () {
      window.location = $(this).attr("data-href"); });
    return table;
  };
})(jQuery);
"""


def _vendor_sources() -> dict[str, Path]:
    """Local folders holding the libraries, from the installed packages."""
    import xstatic.pkg.bootstrap
    import xstatic.pkg.jquery

    return {
        "bootstrap": Path(xstatic.pkg.bootstrap.BASE_DIR),
        "jquery": Path(xstatic.pkg.jquery.BASE_DIR),
        "fontawesome": Path(str(files("fontawesomefree") / "static" / "fontawesomefree")),
    }


def copy_vendor_assets(site: Path) -> None:
    vendor = site / VENDOR
    sources = _vendor_sources()
    shutil.copytree(sources["bootstrap"] / "css", vendor / "bootstrap" / "css", dirs_exist_ok=True)
    shutil.copytree(sources["bootstrap"] / "js", vendor / "bootstrap" / "js", dirs_exist_ok=True)
    (vendor / "jquery").mkdir(parents=True, exist_ok=True)
    shutil.copy2(sources["jquery"] / "jquery.min.js", vendor / "jquery" / "jquery.min.js")
    for part in ("css", "webfonts"):
        shutil.copytree(
            sources["fontawesome"] / part, vendor / "fontawesome" / part, dirs_exist_ok=True
        )
    script = vendor / TABLE_SCRIPT
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(_TABLE_LITE_JS, encoding="utf-8")


def _local_target(url: str) -> str | None | bool:
    """The vendor path for ``url``; None to drop its tag; False when not a known CDN asset."""
    for prefix, target in _REPLACEMENTS:
        if url.startswith(prefix):
            return target
    return False


def rewrite_page(html: str, prefix: str) -> str:
    """Point ``html``'s CDN assets at ``prefix`` + static/vendor/… (prefix: the page's ../)."""

    def tag(match: re.Match) -> str:
        url = match.group(2)
        target = _local_target(url)
        if target is False:
            return match.group(0)
        if target is None:
            return ""
        # the CDN copy's integrity hash does not fit the packaged file: it would be refused
        local = _INTEGRITY.sub("", match.group(0))
        return local.replace(url, f"{prefix}{VENDOR}/{target}")

    def css_url(match: re.Match) -> str:
        target = _local_target(match.group(1))
        if not target:
            return match.group(0)
        return f"url('{prefix}{VENDOR}/{target}')"

    return _CSS_URL.sub(css_url, _TAG.sub(tag, html))


def make_offline(site: Path) -> list[Path]:
    """Make every page under ``site`` load its scripts, styles and images locally."""
    copy_vendor_assets(site)
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        depth = len(page.relative_to(site).parts) - 1
        text = page.read_text(encoding="utf-8")
        page.write_text(rewrite_page(text, "../" * depth), encoding="utf-8")
    return pages


def remote_assets(html: str) -> list[str]:
    """Scripts, stylesheets, images and CSS urls that ``html`` would still fetch from a network."""
    found = [m.group(2) for m in _TAG.finditer(html)]
    found += _CSS_URL.findall(html)
    return found
