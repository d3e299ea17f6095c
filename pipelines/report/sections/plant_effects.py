"""Overseas plants: exports from China to a country before and after a plant opened there."""

import pandas as pd

from pipelines.report import charts
from pipelines.report.i18n import Language
from pipelines.report.sections.common import Content, Section, empty
from pipelines.report.tables import columns, table_of
from pipelines.report.warehouse import ReportWarehouse

PLANT_EFFECTS_SQL = """
select
    maker,
    city,
    country_iso3,
    kind,
    opened_on,
    months_before_covered || ' / ' || months_after_covered as months_covered,
    vehicles_before,
    vehicles_after,
    change_pct,
    trend_before_pct,
    bev_share_before_pct + phev_share_before_pct as nev_share_before_pct,
    bev_share_after_pct + phev_share_after_pct as nev_share_after_pct
from marts.plant_export_effects
order by opening_month nulls last, maker, city
"""


def build(warehouse: ReportWarehouse, lang: Language) -> Content:
    frame = warehouse.frame(PLANT_EFFECTS_SQL)
    if frame.empty:
        return empty("marts.plant_export_effects", lang)
    frame["country"] = lang.relabel(frame, "partner", "country_iso3")
    frame["kind"] = [None if pd.isna(kind) else lang.value("kind", kind) for kind in frame["kind"]]
    frame["plant"] = [
        f"{maker}, {'?' if pd.isna(city) else city} ({country})"
        for maker, city, country in zip(
            frame["maker"], frame["city"], frame["country"], strict=True
        )
    ]
    windows = {
        "vehicles_before": lang.t("value.window.before"),
        "vehicles_after": lang.t("value.window.after"),
    }
    long = frame.melt(
        id_vars=["plant"], value_vars=list(windows), var_name="window", value_name="vehicles"
    ).dropna(subset=["vehicles"])
    long["window"] = long["window"].map(windows)
    content = Content(
        tables=[
            table_of(
                frame,
                columns(
                    lang,
                    ("maker", "col.maker"),
                    ("city", "col.city"),
                    ("country", "col.country"),
                    ("kind", "col.kind"),
                    ("opened_on", "col.opened"),
                    ("months_covered", "col.months_covered"),
                    ("vehicles_before", "col.vehicles_before", "int"),
                    ("vehicles_after", "col.vehicles_after", "int"),
                    ("change_pct", "col.change", "pct"),
                    ("trend_before_pct", "col.trend_before", "pct"),
                    ("nev_share_before_pct", "col.nev_share_before", "percent"),
                    ("nev_share_after_pct", "col.nev_share_after", "percent"),
                ),
                lang.t("plants.caption"),
                lang,
            )
        ],
        notes=[lang.t("plants.note")],
    )
    if long.empty:
        content.notes.append(lang.t("plants.no_window"))
    else:
        content.charts.append(
            charts.grouped_bars(
                long,
                "plant",
                "window",
                lang.t("plants.chart"),
                groups=list(windows.values()),
                titles=(lang.t("col.maker"), lang.t("col.period")),
                lang=lang,
                label_angle=-30,
            )
        )
    return content


SECTION = Section(
    "plant-effects",
    {
        "marts.plant_export_effects": (
            "maker",
            "city",
            "country_iso3",
            "kind",
            "opened_on",
            "opening_month",
            "months_before_covered",
            "months_after_covered",
            "vehicles_before",
            "vehicles_after",
            "change_pct",
            "trend_before_pct",
            "bev_share_before_pct",
            "phev_share_before_pct",
            "bev_share_after_pct",
            "phev_share_after_pct",
        )
    },
    build,
)
