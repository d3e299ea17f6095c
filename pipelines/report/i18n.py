"""Every string the report shows, in Chinese and English, and how each language writes dates.

One catalogue: a key maps to its ``zh`` and ``en`` text (``str.format`` fields in braces, the
same fields in both). Sections, charts, tables and the template ask a ``Language`` for text by
key, so no string is written twice. Codes the marts carry (vehicle classes, powertrains,
regions, policy categories, partners, provinces) are not here: their names come from the
warehouse's ref.* label tables (labels.py), the ones BI tools join. Numbers read the same in
both languages (base units, thousands separators, percent with one decimal).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

import pandas as pd

LANGUAGES = ("zh", "en")
# the people who read the report read Chinese first (issue 19): Chinese unless asked otherwise
DEFAULT_LANGUAGE = "zh"
# CJK fonts the report's readers have, before the generic family: Noto Sans CJK / Source Han
# Sans (Linux, and installed with many tools), PingFang (macOS), Microsoft YaHei (Windows).
# Nothing is downloaded: the page loads no web font.
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"Hiragino Sans GB", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
)

MESSAGES: dict[str, dict[str, str]] = {
    # --- the page ---------------------------------------------------------------------------
    "page.html_lang": {"en": "en", "zh": "zh-CN"},
    "page.title": {
        "en": "autoexport report: China's vehicle exports",
        "zh": "autoexport 报告：中国汽车出口",
    },
    "page.heading": {"en": "China's vehicle exports", "zh": "中国汽车出口"},
    "page.intro": {
        "en": "What the autoexport warehouse holds: every figure below is read from it.",
        "zh": "autoexport 数据仓库的内容：以下每个数字都读自该仓库。",
    },
    "page.contents": {"en": "Contents", "zh": "目录"},
    "page.skipped_mark": {"en": "(skipped)", "zh": "（未生成）"},
    "page.skipped": {"en": "Skipped: {reason}.", "zh": "未生成：{reason}。"},
    "page.no_rows": {"en": "none", "zh": "无"},
    "page.chart_failed": {"en": "Chart failed: ", "zh": "图表绘制失败："},
    "footer.warehouse": {"en": "warehouse", "zh": "数据仓库"},
    "footer.published": {"en": "published", "zh": "发布时间"},
    "footer.last_loaded": {"en": "last file loaded", "zh": "最近一次载入文件"},
    "footer.source_files": {"en": "source files", "zh": "源文件数"},
    "footer.written": {"en": "report written", "zh": "报告生成时间"},
    # --- why a section is skipped or empty ---------------------------------------------------
    "skip.no_table": {
        "en": "{table} is not in this warehouse",
        "zh": "本数据仓库中没有 {table}",
    },
    "skip.no_column": {"en": "{table} has no column {columns}", "zh": "{table} 缺少列 {columns}"},
    "note.no_rows": {"en": "{table} has no rows.", "zh": "{table} 没有数据。"},
    # --- section titles and intros ------------------------------------------------------------
    "national-monthly.title": {"en": "National monthly exports", "zh": "全国月度出口"},
    "national-monthly.intro": {
        "en": "GACC's release tables: the car row (motor vehicles including chassis) per month.",
        "zh": "海关总署统计快讯表：汽车（包括底盘）一行，逐月。",
    },
    "destinations.title": {"en": "Top destinations", "zh": "主要出口目的地"},
    "destinations.intro": {
        "en": "Vehicle exports by destination country, from the customs downloads.",
        "zh": "按目的国（地区）统计的汽车出口，来自海关数据查询平台下载。",
    },
    "provinces.title": {"en": "Provinces", "zh": "各省份"},
    "provinces.intro": {
        "en": "Vehicle exports by the province where the exporter is registered.",
        "zh": "按出口企业注册地所在省份统计的汽车出口。",
    },
    "powertrains.title": {"en": "Powertrain mix and NEV share", "zh": "动力类型构成与新能源占比"},
    "powertrains.intro": {
        "en": "Vehicle exports by powertrain, from the HS subheadings of the customs downloads.",
        "zh": "按动力类型统计的汽车出口，动力类型取自海关下载数据的 HS 子目。",
    },
    "china-japan.title": {"en": "China and Japan", "zh": "中国与日本"},
    "china-japan.intro": {
        "en": "The world's two largest vehicle exporters, year by year.",
        "zh": "全球两大汽车出口国的逐年对比。",
    },
    "policy-overlap.title": {"en": "Policy overlap", "zh": "政策重叠"},
    "policy-overlap.intro": {
        "en": "Export-support measures by kind, and how many jurisdictions support each.",
        "zh": "按类别统计的出口支持措施，以及支持每类措施的辖区数量。",
    },
    "plant-effects.title": {"en": "Overseas plants and exports", "zh": "海外工厂与出口"},
    "plant-effects.intro": {
        "en": "Exports from China to a country before and after a Chinese maker's plant "
        "opened there.",
        "zh": "中国车企在某国的工厂投产前后，中国对该国的汽车出口。",
    },
    "nev-regions.title": {"en": "NEV share by region", "zh": "各地区新能源占比"},
    "nev-regions.intro": {
        "en": "Share of battery-electric and plug-in hybrid vehicles in exports per world region.",
        "zh": "出口到各地区的汽车中纯电动与插电式混合动力汽车所占比重。",
    },
    "market-signals.title": {"en": "Market signals", "zh": "市场信号"},
    "market-signals.intro": {
        "en": "Per destination: year-on-year growth, trend, rank and unusual unit values.",
        "zh": "各目的地的同比增长、趋势、排名与异常单价。",
    },
    "data-health.title": {"en": "Data health", "zh": "数据健康"},
    "data-health.intro": {
        "en": "What was loaded, what was refused and why, and the latest checks.",
        "zh": "载入了什么、拒收了什么及原因，以及最近一次检查。",
    },
    "columns.title": {"en": "Appendix: columns", "zh": "附录：字段说明"},
    "columns.intro": {
        "en": "Every column of the published tables, with its unit and meaning.",
        "zh": "已发布各表的全部字段及其单位和含义。",
    },
    "columns.note": {
        "en": "From the data dictionary (docs/data_dictionary.md), also shown by BI tools.",
        "zh": "取自数据字典（docs/data_dictionary.md），BI 工具中亦可见。",
    },
    # --- axis and legend titles ---------------------------------------------------------------
    "axis.vehicles": {"en": "vehicles", "zh": "辆"},
    "axis.yoy_ytd_pct": {"en": "YoY, year to date (%)", "zh": "累计同比（%）"},
    "axis.yoy_pct": {"en": "YoY (%)", "zh": "同比（%）"},
    "axis.share": {"en": "share", "zh": "占比"},
    "axis.jurisdictions": {"en": "jurisdictions", "zh": "辖区数"},
    "axis.unit_value": {"en": "CNY per vehicle", "zh": "元/辆"},
    "axis.files": {"en": "files", "zh": "文件数"},
    "axis.checks": {"en": "checks", "zh": "检查项数"},
    "legend.destination": {"en": "destination", "zh": "目的地"},
    "legend.powertrain": {"en": "powertrain", "zh": "动力类型"},
    # --- table headers (shared by every section that shows the column) ------------------------
    "col.period": {"en": "period", "zh": "期间"},
    "col.month": {"en": "month", "zh": "月份"},
    "col.months": {"en": "months", "zh": "月数"},
    "col.year": {"en": "year", "zh": "年份"},
    "col.vehicles": {"en": "vehicles", "zh": "数量（辆）"},
    "col.value_usd": {"en": "value (USD)", "zh": "金额（美元）"},
    "col.vehicles_ytd": {"en": "vehicles, year to date", "zh": "年初至今累计（辆）"},
    "col.yoy_ytd": {"en": "YoY, year to date", "zh": "累计同比"},
    "col.derived": {"en": "derived from YTD", "zh": "由累计推算"},
    "col.source_file": {"en": "source file", "zh": "来源文件"},
    "col.destination": {"en": "destination", "zh": "目的地"},
    "col.iso3": {"en": "ISO3", "zh": "ISO3 代码"},
    "col.vehicles_12m": {"en": "vehicles, 12 months", "zh": "近 12 个月（辆）"},
    "col.share_of_destinations": {"en": "share of all destinations", "zh": "占全部目的地比重"},
    "col.vehicles_in": {"en": "vehicles, {month}", "zh": "{month}（辆）"},
    "col.months_with_data": {"en": "months with data", "zh": "有数据的月数"},
    "col.province": {"en": "province", "zh": "省份"},
    "col.province_code": {"en": "GB/T 2260", "zh": "GB/T 2260 代码"},
    "col.share": {"en": "share", "zh": "比重"},
    "col.other_powertrain": {"en": "other / unspecified", "zh": "其他/未区分"},
    "col.nev_share": {"en": "NEV share", "zh": "新能源占比"},
    "col.china": {"en": "China", "zh": "中国"},
    "col.japan": {"en": "Japan", "zh": "日本"},
    "col.china_lead": {"en": "China's lead", "zh": "中国领先"},
    "col.china_source": {"en": "China source", "zh": "中国数据来源"},
    "col.japan_source": {"en": "Japan source", "zh": "日本数据来源"},
    "col.category": {"en": "category", "zh": "类别"},
    "col.category_code": {"en": "code", "zh": "代码"},
    "col.jurisdictions": {"en": "jurisdictions", "zh": "辖区数"},
    "col.jurisdiction_codes": {"en": "jurisdiction codes", "zh": "辖区代码"},
    "col.measures": {"en": "measures", "zh": "措施数"},
    "col.policies": {"en": "policies", "zh": "政策数"},
    "col.amount_stated": {"en": "amount stated (CNY)", "zh": "文件所述金额（元）"},
    "col.maker": {"en": "maker", "zh": "企业"},
    "col.city": {"en": "city", "zh": "城市"},
    "col.country": {"en": "country", "zh": "国家"},
    "col.kind": {"en": "kind", "zh": "类型"},
    "col.opened": {"en": "opened", "zh": "投产"},
    "col.months_covered": {"en": "months covered, before / after", "zh": "覆盖月数（前/后）"},
    "col.vehicles_before": {"en": "vehicles, 12 months before", "zh": "投产前 12 个月（辆）"},
    "col.vehicles_after": {"en": "vehicles, 12 months after", "zh": "投产后 12 个月（辆）"},
    "col.change": {"en": "change", "zh": "变化"},
    "col.trend_before": {"en": "trend before", "zh": "投产前趋势"},
    "col.nev_share_before": {"en": "NEV share before", "zh": "投产前新能源占比"},
    "col.nev_share_after": {"en": "NEV share after", "zh": "投产后新能源占比"},
    "col.region": {"en": "region", "zh": "地区"},
    "col.nev_vehicles": {"en": "NEV vehicles", "zh": "新能源汽车（辆）"},
    "col.all_vehicles": {"en": "all vehicles", "zh": "全部汽车（辆）"},
    "col.powertrain_unknown": {"en": "powertrain unknown", "zh": "动力类型未知（辆）"},
    "col.yoy": {"en": "YoY", "zh": "同比"},
    "col.trend_3m": {"en": "3-month trend", "zh": "3 个月趋势"},
    "col.rank": {"en": "rank", "zh": "排名"},
    "col.rank_change": {"en": "rank change", "zh": "排名变化"},
    "col.unit_value": {"en": "CNY per vehicle", "zh": "单价（元/辆）"},
    "col.usual_unit_value": {"en": "usual CNY per vehicle", "zh": "通常单价（元/辆）"},
    "col.flags": {"en": "unit value flags", "zh": "单价提示"},
    "col.file": {"en": "file", "zh": "文件"},
    "col.status": {"en": "status", "zh": "状态"},
    "col.rows_in": {"en": "rows in", "zh": "读入行数"},
    "col.rows_loaded": {"en": "loaded", "zh": "已载入"},
    "col.rows_quarantined": {"en": "quarantined", "zh": "已隔离"},
    "col.warning": {"en": "warning or note", "zh": "警告或说明"},
    "col.loaded_at": {"en": "loaded at", "zh": "载入时间"},
    "col.row": {"en": "row", "zh": "行"},
    "col.reason": {"en": "reason", "zh": "原因"},
    "col.stage": {"en": "stage", "zh": "阶段"},
    "col.at": {"en": "at", "zh": "时间"},
    "col.check": {"en": "check", "zh": "检查"},
    "col.table": {"en": "table", "zh": "表"},
    "col.column": {"en": "column", "zh": "字段"},
    "col.type": {"en": "type", "zh": "类型"},
    "col.meaning": {"en": "meaning", "zh": "含义"},
    "col.outcome": {"en": "outcome", "zh": "结果"},
    "col.observed": {"en": "observed", "zh": "观测值"},
    # --- values the report spells out (codes of the marts have label tables instead) ----------
    "value.yes": {"en": "yes", "zh": "是"},
    "value.no": {"en": "no", "zh": "否"},
    "value.window.before": {"en": "12 months before", "zh": "投产前 12 个月"},
    "value.window.after": {"en": "12 months after", "zh": "投产后 12 个月"},
    "value.overlap.several": {"en": "several jurisdictions", "zh": "多个辖区"},
    "value.overlap.one": {"en": "one jurisdiction", "zh": "一个辖区"},
    "value.flag.outside_usual_range": {"en": "outside usual range", "zh": "超出通常范围"},
    "value.flag.halved": {"en": "halved", "zh": "减半"},
    "value.kind.full production": {"en": "full production", "zh": "整车生产"},
    "value.kind.assembly": {"en": "assembly", "zh": "整车组装"},
    "value.kind.CKD/KD": {"en": "CKD/KD", "zh": "散件组装（CKD/KD）"},
    "value.kind.parts": {"en": "parts", "zh": "零部件"},
    "value.status.loaded": {"en": "loaded", "zh": "已载入"},
    "value.status.loaded_with_quarantine": {"en": "loaded_with_quarantine", "zh": "部分隔离"},
    "value.status.quarantined": {"en": "quarantined", "zh": "已隔离"},
    "value.status.duplicate": {"en": "duplicate", "zh": "重复"},
    "value.stage.parse": {"en": "parse", "zh": "解析"},
    "value.stage.staging": {"en": "staging", "zh": "暂存"},
    "value.row.whole_file": {"en": "whole file", "zh": "整个文件"},
    "value.outcome.passed": {"en": "passed", "zh": "通过"},
    "value.outcome.failed_blocking": {"en": "failed, blocking", "zh": "未通过（阻断）"},
    "value.outcome.failed_warning": {"en": "failed, warning", "zh": "未通过（警告）"},
    # --- national monthly ---------------------------------------------------------------------
    "national.empty": {
        "en": "marts.national_monthly has no rows for {product}.",
        "zh": "marts.national_monthly 中没有 {product} 的数据。",
    },
    "national.chart": {
        "en": "Vehicle exports per month (GACC release tables)",
        "zh": "每月汽车出口（海关总署统计快讯表）",
    },
    "national.caption": {
        "en": "Motor vehicles including chassis, per release period",
        "zh": "汽车（包括底盘），按发布期间",
    },
    "national.note": {
        "en": "YoY is the year-to-date change, as GACC prints it or recomputed from the prior "
        "year's figures in the warehouse. January and February are one period ({jan_feb}) "
        "unless a source gives January alone; derived months are computed from year-to-date "
        "figures.",
        "zh": "同比为年初至今累计同比，取海关总署公布值，或由仓库中上年数据重新计算。"
        "除非来源单独给出 1 月，1 月和 2 月合为一个期间（{jan_feb}）；"
        "推算月份由累计数计算得出。",
    },
    # --- destinations -------------------------------------------------------------------------
    "destinations.chart_ranked": {
        "en": "Vehicles exported, 12 months to {month}",
        "zh": "截至 {month} 的 12 个月汽车出口量",
    },
    "destinations.chart_trend": {
        "en": "Top destinations: vehicles per month",
        "zh": "主要目的地：每月出口量",
    },
    "destinations.caption": {
        "en": "Top {top} destinations, 12 months to {month}",
        "zh": "截至 {month} 的 12 个月前 {top} 大目的地",
    },
    "destinations.note": {
        "en": "Ranked by vehicles in the 12 months to {month}, the latest month of "
        "marts.exports_by_destination; the trend shows their last {months} months.",
        "zh": "按截至 {month}（marts.exports_by_destination 的最新月份）的 12 个月出口量排名；"
        "趋势图显示其最近 {months} 个月。",
    },
    # --- provinces ----------------------------------------------------------------------------
    "provinces.chart_ranked": {
        "en": "Vehicles exported by province of registration, 12 months to {month}",
        "zh": "截至 {month} 的 12 个月各注册地省份汽车出口量",
    },
    "provinces.chart_months": {
        "en": "Vehicles per province and month",
        "zh": "各省份每月出口量",
    },
    "provinces.caption": {
        "en": "Top {top} provinces, 12 months to {month}",
        "zh": "截至 {month} 的 12 个月前 {top} 大省份",
    },
    # --- powertrains --------------------------------------------------------------------------
    "powertrains.chart_mix": {
        "en": "Vehicle exports per month by powertrain (customs downloads)",
        "zh": "按动力类型的每月汽车出口（海关下载数据）",
    },
    "powertrains.chart_share": {
        "en": "NEV share (BEV + PHEV) of vehicles",
        "zh": "新能源（纯电动 + 插电式混合动力）占比",
    },
    "powertrains.caption": {
        "en": "Vehicles per month by powertrain, last {months} months",
        "zh": "最近 {months} 个月按动力类型的每月出口量",
    },
    "powertrains.note": {
        "en": "NEV share = (BEV + PHEV) / all vehicles. The powertrain comes from the HS "
        "subheading; {unspecified} (e.g. chassis) and {other} stay in the denominator.",
        "zh": "新能源占比 =（纯电动 + 插电式混合动力）/ 全部汽车。动力类型取自 HS 子目；"
        "{unspecified}（如底盘）和{other}计入分母。",
    },
    # --- China and Japan ----------------------------------------------------------------------
    "china-japan.chart": {
        "en": "Vehicle exports per year: China and Japan",
        "zh": "每年汽车出口：中国与日本",
    },
    "china-japan.caption": {"en": "Vehicle exports per year", "zh": "每年汽车出口量"},
    "china-japan.note": {
        "en": "Both sides as their manufacturers report them (CAAM, JAMA): a customs count "
        "(GACC) is not compared with a manufacturers' figure. "
        "A year with one side's figure missing shows one bar.",
        "zh": "两方均为制造商口径（中国汽车工业协会、日本汽车工业协会）：海关口径（海关总署）"
        "不与制造商口径相比。某年缺少一方数据时只显示一根柱。",
    },
    # --- policy overlap -----------------------------------------------------------------------
    "policy.chart": {
        "en": "Jurisdictions supporting each kind of measure",
        "zh": "支持各类措施的辖区数",
    },
    "policy.caption": {
        "en": "Kinds of measure and the jurisdictions that support them",
        "zh": "措施类别及支持该类措施的辖区",
    },
    "policy.note": {
        "en": "Jurisdictions are 'CN' or GB/T 2260 codes. Several jurisdictions supporting the "
        "same kind of measure is where support may be paid twice; amounts are only those the "
        "policy texts state.",
        "zh": "辖区为 “CN” 或 GB/T 2260 代码。多个辖区支持同类措施之处，可能存在重复支持；"
        "金额仅为政策文本中明确写出的数额。",
    },
    # --- overseas plants ----------------------------------------------------------------------
    "plants.caption": {
        "en": "Vehicle exports from China to the plant's country around its opening",
        "zh": "工厂投产前后中国对其所在国的汽车出口",
    },
    "plants.note": {
        "en": "The 12 months before and after the opening month (which is in neither); a "
        "figure is given only when all 12 months are in the warehouse. A comparison in time, "
        "not the plant's effect (docs/market.md).",
        "zh": "投产当月前后各 12 个月（不含投产当月）；仅当 12 个月全部在仓库中时才给出数值。"
        "这是时间上的比较，不是工厂的影响（见 docs/market.md）。",
    },
    "plants.no_window": {
        "en": "No plant has a complete 12-month window in this warehouse's months: no chart.",
        "zh": "本仓库的月份中没有工厂具备完整的 12 个月窗口，因此不绘图。",
    },
    "plants.chart": {
        "en": "Exports to the country around an opening",
        "zh": "工厂投产前后对所在国的出口",
    },
    # --- NEV share by region ------------------------------------------------------------------
    "regions.chart_share": {
        "en": "NEV share (BEV + PHEV) per region, 12 months to {month}",
        "zh": "截至 {month} 的 12 个月各地区新能源（纯电动 + 插电式混合动力）占比",
    },
    "regions.chart_months": {
        "en": "NEV share per region and month",
        "zh": "各地区每月新能源占比",
    },
    "regions.caption": {
        "en": "NEV share per region, 12 months to {month}",
        "zh": "截至 {month} 的 12 个月各地区新能源占比",
    },
    "regions.note": {
        "en": "Share = (BEV + PHEV) / all vehicles exported to the region's destinations; "
        "vehicles whose HS code does not tell the powertrain stay in the denominator "
        "(column '{unknown}').",
        "zh": "占比 =（纯电动 + 插电式混合动力）/ 出口到该地区各目的地的全部汽车；"
        "HS 编码无法区分动力类型的汽车计入分母（“{unknown}”列）。",
    },
    # --- market signals -----------------------------------------------------------------------
    "signals.caption_latest": {
        "en": "Top {top} destinations in {month}",
        "zh": "{month} 前 {top} 大目的地",
    },
    "signals.caption_flagged": {
        "en": "Destination months with an unusual unit value",
        "zh": "单价异常的目的地月份",
    },
    "signals.note": {
        "en": "YoY: against the same month a year earlier; 3-month trend: the last 3 months "
        "against the 3 before; rank change: positive = moved up. A unit value (yuan per "
        "vehicle) is flagged outside 50-150% of the median of the destination's previous 12 "
        "months (with 3 or more of them), or at most half of the previous month's. "
        "docs/market.md gives each rule.",
        "zh": "同比：与上年同月相比；3 个月趋势：最近 3 个月与此前 3 个月相比；"
        "排名变化：正数表示上升。单价（元/辆）低于该目的地此前 12 个月中位数的 50% "
        "或高于 150%（需有 3 个月及以上历史），或不超过上月单价的一半时给出提示。"
        "各条规则见 docs/market.md。",
    },
    "signals.no_year_earlier": {
        "en": "No destination has a year-earlier figure for {month}.",
        "zh": "{month} 没有任何目的地有上年同期数据。",
    },
    "signals.chart_growth": {
        "en": "Year-on-year growth in {month}",
        "zh": "{month} 同比增长",
    },
    "signals.chart_unit_values": {
        "en": "Unit value per vehicle (CNY); red rings: flagged months",
        "zh": "每辆单价（元）；红圈：有提示的月份",
    },
    # --- data health --------------------------------------------------------------------------
    "health.nothing_loaded": {
        "en": "audit.loads has no rows: nothing has been loaded.",
        "zh": "audit.loads 没有数据：尚未载入任何文件。",
    },
    "health.chart_statuses": {"en": "Files by load status", "zh": "按载入状态的文件数"},
    "health.caption_loads": {
        "en": "Files not simply loaded: duplicates, quarantines, warnings",
        "zh": "未正常载入的文件：重复、隔离、警告",
    },
    "health.caption_quarantine": {
        "en": "Quarantined rows and files: {count}",
        "zh": "被隔离的行和文件：{count}",
    },
    "health.quarantine_more": {
        "en": "The latest {listed} of {count}; all of them: "
        'autoexport query "select * from audit.quarantine"',
        "zh": "共 {count} 条，仅列出最近 {listed} 条；查看全部："
        'autoexport query "select * from audit.quarantine"',
    },
    "health.no_check_results": {
        "en": "No check results: {reason}; `autoexport build` prints them.",
        "zh": "没有检查结果：{reason}；`autoexport build` 会打印检查结果。",
    },
    "health.chart_checks": {"en": "Checks of the latest run", "zh": "最近一次运行的检查"},
    "health.caption_checks": {
        "en": "Checks of the latest run {run} ({trigger}), failures first",
        "zh": "最近一次运行 {run}（{trigger}）的检查，未通过的在前",
    },
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Language:
    """Text, dates and code labels in one language; ``labels`` maps dimension -> code -> name."""

    code: str
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self):
        if self.code not in LANGUAGES:
            raise ValueError(f"language {self.code!r}: use one of {', '.join(LANGUAGES)}")

    def t(self, key: str, **values) -> str:
        return MESSAGES[key][self.code].format(**values)

    def value(self, group: str, raw) -> str:
        """A value the report spells out (a status, a plant kind), or the value as it is."""
        key = f"value.{group}.{raw}"
        return self.t(key) if key in MESSAGES else str(raw)

    def label(self, dimension: str, code, default=None) -> str:
        """The name of a mart code in this language (from ref.*), else ``default`` or the code."""
        name = self.labels.get(dimension, {}).get(code)
        if name:
            return name
        return code if default is None or pd.isna(default) else default

    def relabel(self, frame: pd.DataFrame, dimension: str, code: str, default: str | None = None):
        """The column ``code`` of ``frame`` as names, falling back to column ``default``."""
        defaults = frame[default] if default else frame[code]
        return [self.label(dimension, c, d) for c, d in zip(frame[code], defaults, strict=True)]

    # dates: ISO in English; 年月日 in Chinese. Times stay ISO (they are read as stamps).
    @property
    def month_format(self) -> str:
        """The d3/strftime format of a month, for chart axes (d3's %-m drops the zero)."""
        return "%Y-%m" if self.code == "en" else "%Y年%-m月"

    def month(self, value) -> str:
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m") if self.code == "en" else f"{stamp.year}年{stamp.month}月"

    def months(self, start, end) -> str:
        """A release period of several months in one year: 2025-01..02 or 2025年1–2月."""
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        if self.code == "en":
            return f"{first:%Y-%m}..{last:%m}"
        return f"{first.year}年{first.month}–{last.month}月"

    def date(self, value) -> str:
        stamp = pd.Timestamp(value)
        if self.code == "en":
            return stamp.strftime("%Y-%m-%d")
        return f"{stamp.year}年{stamp.month}月{stamp.day}日"

    @staticmethod
    def timestamp(value) -> str:
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")

    def yes_no(self, value) -> str:
        return self.t("value.yes" if value else "value.no")


def check_catalogue() -> list[str]:
    """Problems of MESSAGES: a language missing or empty, or fields that differ between them."""
    problems = []
    for key, texts in MESSAGES.items():
        if set(texts) != set(LANGUAGES) or not all(texts.values()):
            problems.append(f"{key}: needs non-empty {' and '.join(LANGUAGES)}")
        elif len({frozenset(_fields(text)) for text in texts.values()}) > 1:
            problems.append(f"{key}: the languages use different {{fields}}")
    return problems
