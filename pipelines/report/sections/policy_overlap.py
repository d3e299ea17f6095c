"""Policy overlap: export-support measures by kind, and how many jurisdictions support each."""

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import Content, Section, empty
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

POLICY_OVERLAP_SQL = """
select
    category,
    category_zh,
    jurisdictions,
    funded_by_several,
    jurisdiction_codes,
    array_to_string(jurisdiction_codes, ', ') as jurisdiction_list,
    measures,
    policies,
    amount_cny_stated
from marts.policy_overlap
order by jurisdictions desc, category
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    frame = warehouse.frame(POLICY_OVERLAP_SQL)
    if frame.empty:
        return empty("marts.policy_overlap", lang)
    # the mart carries the Chinese name itself: the fallback where ref has no label table
    fallback = "category_zh" if lang.code == "zh" else None
    frame["name"] = lang.relabel(frame, "category", "category", fallback)
    several, one = lang.t("value.overlap.several"), lang.t("value.overlap.one")
    frame["overlap"] = [several if flag else one for flag in frame["funded_by_several"]]
    chart_frame = frame[["name", "jurisdictions", "measures", "overlap", "jurisdiction_list"]]
    return Content(
        charts=[charts.policy_overlap(chart_frame, lang.t("policy.chart"), lang)],
        tables=[
            table_of(
                frame,
                columns(
                    lang,
                    ("name", "col.category"),
                    ("category", "col.category_code"),
                    ("jurisdictions", "col.jurisdictions", "int"),
                    ("jurisdiction_codes", "col.jurisdiction_codes"),
                    ("measures", "col.measures", "int"),
                    ("policies", "col.policies", "int"),
                    ("amount_cny_stated", "col.amount_stated", "int"),
                ),
                lang.t("policy.caption"),
                lang,
            )
        ],
        notes=[lang.t("policy.note")],
    )


SECTION = Section(
    "policy-overlap",
    {
        "marts.policy_overlap": (
            "category",
            "category_zh",
            "jurisdictions",
            "funded_by_several",
            "jurisdiction_codes",
            "measures",
            "policies",
            "amount_cny_stated",
        )
    },
    build,
)
