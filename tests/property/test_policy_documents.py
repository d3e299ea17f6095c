"""Policy pages and registries drawn from their format load every document and measure drawn.

Format: shared/formats/policy/README.md. Pages: a metadata table whose labels are padded with
&nbsp; or full-width spaces and end in a full-width colon, dates as 2020年10月20日 or
2020-11-02, a body of sections 一、二、… with measures （一）（二）… numbered through the document
or restarting in each section; UTF-8 or GBK/GB18030 whatever the page's meta says. Registries:
JSON or YAML with the registry marker, version 1 and policies with their measures."""

from __future__ import annotations

import datetime as dt
import html
import json

import yaml
from hypothesis import given
from hypothesis import strategies as st

from pipelines.lib.sources.policy.loader import load_policy_landing
from tests.property.gacc_format import BUILD_DAY
from tests.property.harness import quarantined, warehouse, workspace
from tests.property.repertoire import zh_name

NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1..99 in Chinese: 一, 十, 十二, 二十, 三十五."""
    tens, units = divmod(n, 10)
    text = ("" if tens <= 1 else NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (NUMERALS[units - 1] if units else "")


# a measure's text: no blank (the page collapses blanks), never read as a numbering itself
measure_text = (
    zh_name(60).filter(lambda t: not any(c.isspace() for c in t)).map(lambda t: "支持" + t)
)
dates = st.dates(dt.date(2000, 1, 1), dt.date(2025, 12, 31))


def _label(text: str, pad: str) -> str:
    return pad.join(text) + "："


@st.composite
def policy_pages(draw):
    title = "关于" + draw(zh_name(30)) + "的通知"
    issuer = draw(st.sampled_from(["国务院办公厅", "商务部", "广东省人民政府", "上海市商务委员会"]))
    doc_number = draw(
        st.sampled_from(["国办发〔2020〕39号", "粤府〔2023〕12号", "商贸发〔2024〕5号"])
    )
    written, published = sorted(draw(st.lists(dates, min_size=2, max_size=2)))
    style = draw(st.sampled_from(["zh", "iso"]))

    def date(day: dt.date) -> str:
        return f"{day.year}年{day.month}月{day.day}日" if style == "zh" else day.isoformat()

    pad = draw(st.sampled_from(["&nbsp;&nbsp;", "\u3000", ""]))
    meta = [("索引号", "000014349/2020-00189"), ("发文机关", issuer), ("成文日期", date(written)),
            ("标题", title), ("发文字号", doc_number), ("发布日期", date(published))]  # fmt: skip
    sections = draw(st.lists(st.lists(measure_text, min_size=1, max_size=4), min_size=1,
                             max_size=4))  # fmt: skip
    running = draw(st.booleans())
    body, expected, count = [], [], 0
    for s, measures in enumerate(sections, start=1):
        body.append(f"<p>{numeral(s)}、{html.escape(draw(zh_name(10)))}</p>")
        for m, text in enumerate(measures, start=1):
            count += 1
            n = count if running else m
            body.append(f"<p>（{numeral(n)}）{html.escape(text)}</p>")
            expected.append((str(n) if running else f"{s}.{n}", text))
    if not running and len(sections) == 1:
        # numbering of one section both runs through and restarts: the parser says running
        expected = [(str(i), text) for i, (_, text) in enumerate(expected, start=1)]
    rows = "".join(
        f"<tr><td>{_label(label, pad)}</td><td>{html.escape(value)}</td></tr>"
        for label, value in meta
    )
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    declared = draw(st.sampled_from(["utf-8", "gbk", "gb2312"]))
    page = (
        f'<html><head><meta charset="{declared}"><title>{html.escape(title)}</title></head>'
        f'<body><table class="meta">{rows}</table><div id="UCAP-CONTENT">'
        + "".join(body)
        + "<p>国务院办公厅</p></div></body></html>"
    )
    fields = {"title": title, "issuer": issuer, "doc_number": doc_number}
    return page.encode(encoding), fields, (written, published), expected


def _documents(con) -> list[tuple]:
    return con.execute(
        "select title, issuer, doc_number, written_on, published_on from raw.policy_documents"
    ).fetchall()


def _measures(con) -> list[tuple]:
    return con.execute(
        "select measure_no, measure_text from raw.policy_measures order by doc_seq, measure_seq"
    ).fetchall()


def _load(folder, name: str, data: bytes):
    landing = folder / "landing"
    (landing / "policy").mkdir(parents=True)
    (landing / "policy" / name).write_bytes(data)
    con = warehouse(folder)
    return con, load_policy_landing(con, landing, BUILD_DAY)


def _day(text: str) -> dt.date:
    if "年" in text:
        year, rest = text.split("年")
        month, rest = rest.split("月")
        return dt.date(int(year), int(month), int(rest.rstrip("日")))
    return dt.date.fromisoformat(text)


@given(policy_pages())
def test_a_policy_page_loads_its_metadata_and_every_measure_drawn(drawn):
    page, fields, days, expected = drawn
    with workspace() as folder:
        con, [outcome] = _load(folder, "page.html", page)
        assert outcome.status == "loaded", (outcome, quarantined(con))
        [(title, issuer, doc_number, written, published)] = _documents(con)
        # a page's blanks are layout (full-width spaces pad it): metadata reads them collapsed
        assert (title, issuer, doc_number) == (
            " ".join(fields["title"].split()),
            fields["issuer"],
            fields["doc_number"],
        )
        assert (_day(written), _day(published)) == days
        assert _measures(con) == expected


@st.composite
def registries(draw):
    policies = []
    for index in range(draw(st.integers(1, 5))):
        level = draw(st.sampled_from(["national", "provincial", "municipal"]))
        code = {"national": "CN", "provincial": draw(st.sampled_from(["44", "440000", "31"])),
                "municipal": draw(st.sampled_from(["440100", "320500"]))}[level]  # fmt: skip
        measures = draw(st.lists(measure_text, min_size=1, max_size=4))
        policies.append(
            {
                "policy_key": f"p{index}",
                "jurisdiction_code": code,
                "jurisdiction_level": level,
                "title": draw(zh_name(30)),
                "issuer": draw(zh_name(12)),
                "doc_number": draw(st.none() | zh_name(12)),
                "written_on": draw(st.none() | dates.map(dt.date.isoformat)),
                "published_on": draw(dates.map(dt.date.isoformat)),
                "note": draw(st.none() | zh_name(20)),
                "measures": [{"no": str(n), "text": t} for n, t in enumerate(measures, 1)],
            }
        )
    content = {"registry": "autoexport-policy-registry", "version": 1, "policies": policies}
    fmt = draw(st.sampled_from(["json", "yaml"]))
    if fmt == "json":
        text = json.dumps(content, ensure_ascii=draw(st.booleans()), indent=2)
    else:
        text = yaml.safe_dump(content, allow_unicode=draw(st.booleans()), sort_keys=False)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return text.encode(encoding), fmt, policies


@given(registries())
def test_a_registry_loads_every_policy_and_measure_drawn(drawn):
    data, fmt, policies = drawn
    with workspace() as folder:
        con, [outcome] = _load(folder, f"registry.{fmt}", data)
        assert outcome.status == "loaded", (outcome, quarantined(con))
        assert con.execute(
            "select policy_key, title, issuer, doc_number, written_on, published_on, note "
            "from raw.policy_documents order by doc_seq"
        ).fetchall() == [
            (p["policy_key"], p["title"], p["issuer"], p["doc_number"], p["written_on"],
             p["published_on"], p["note"])
            for p in policies
        ]  # fmt: skip
        assert _measures(con) == [(m["no"], m["text"]) for p in policies for m in p["measures"]]
