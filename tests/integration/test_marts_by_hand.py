"""Every asset materialized into a tmp_path warehouse; mart figures computed by hand."""

import datetime as dt
import os
import shutil

from tests.conftest import BEV, fetch, hand_landing, materialize_all
from tests.gacc_files import ZH_FULL, ZH_PARTNER, write_download

JUNE = dt.date(2025, 6, 1)


def _check_results(result) -> dict[str, bool]:
    return {
        f"{e.asset_key.to_user_string()}:{e.check_name}": e.passed
        for e in result.get_asset_check_evaluations()
    }


def test_marts_equal_figures_added_up_by_hand(built_hand):
    warehouse, result = built_hand.warehouse, built_hand.result
    assert result.success

    # partner breakdown (CNY and USD merged) serves destinations
    assert fetch(
        warehouse,
        "select period, partner_iso3, partner_name_en, vehicles, value_cny, value_usd "
        "from marts.exports_by_destination order by partner_iso3",
    ) == [
        (JUNE, "MEX", "Mexico", 50, 600_000, 84_000),
        (JUNE, "RUS", "Russian Federation", 100 + 30, 1_000_000 + 90_000, 140_000 + 12_500),
    ]
    # province breakdown (CNY only) serves provinces: no USD value, never a partial one
    assert fetch(
        warehouse,
        "select province_code, province_name_zh, vehicles, value_cny, value_usd "
        "from marts.exports_by_province order by province_code",
    ) == [
        ("31", "上海市", 120, 1_100_000, None),
        ("34", "安徽省", 30, 500_000, None),
        ("44", "广东省", 30, 90_000, None),
    ]
    # totals from one breakdown only: 180 vehicles, not 180 x 3; parts add nothing
    assert fetch(
        warehouse,
        "select vehicle_class, powertrain, vehicles, value_cny, value_usd "
        "from marts.exports_by_powertrain order by powertrain",
    ) == [
        ("passenger car", "BEV", 150, 1_600_000, 224_000),
        ("passenger car", "ICE", 30, 90_000, 12_500),
    ]


def test_cny_and_usd_downloads_merge_into_one_row_with_both_values(built_hand):
    warehouse = built_hand.warehouse
    rows = fetch(
        warehouse,
        "select hs_code, partner_iso3, quantity, value_cny, value_usd, len(source_files) "
        "from marts.fct_customs_trade where breakdown = 'commodity+partner' order by all",
    )
    assert len(rows) == 4
    assert (BEV, "RUS", 100, 1_000_000, 140_000, 2) in rows


def test_parts_load_unclassified_and_are_not_a_gap_in_the_reference(built_hand):
    warehouse, result = built_hand.warehouse, built_hand.result
    assert fetch(
        warehouse,
        "select quantity, quantity_unit, vehicle_class, powertrain from marts.fct_customs_trade "
        "where hs_code = '87089990'",
    ) == [(5000, "千克", None, None)]
    checks = _check_results(result)
    # 8708 is no vehicle heading: parts are not a gap in the reference (#18); an unknown code
    # of a vehicle heading is (tests/integration/test_tariff_lines.py)
    assert checks["marts/fct_customs_trade:hs_codes_outside_vehicle_reference"] is True
    assert checks["marts/fct_customs_trade:fct_customs_trade_grain"] is True


def test_full_breakdown_alone_serves_every_mart(tmp_path):
    landing = hand_landing(tmp_path / "landing")
    exports = landing / "customs" / "exports"
    for path in exports.glob("*.csv"):
        if "full" not in path.name:
            path.unlink()
    warehouse = tmp_path / "w.duckdb"
    materialize_all(landing, warehouse)
    assert fetch(
        warehouse,
        "select partner_iso3, vehicles, value_cny from marts.exports_by_destination order by 1",
    ) == [("MEX", 40 + 10, 400_000 + 200_000), ("RUS", 80 + 20 + 30, 1_090_000)]
    assert fetch(
        warehouse,
        "select province_code, vehicles, value_cny from marts.exports_by_province order by 1",
    ) == [("31", 80 + 40, 1_100_000), ("34", 20 + 10, 500_000), ("44", 30, 90_000)]


def test_newer_download_of_a_slice_is_a_revision_and_the_older_stays_in_raw(built_hand, tmp_path):
    landing, warehouse = built_hand.copy(tmp_path)

    revised = write_download(
        landing / "customs" / "exports" / "exports_202506_partner_cny_revised.csv",
        [*ZH_PARTNER, "人民币"],
        [
            [BEV, "纯电动乘用车", "344", "俄罗斯联邦", "110", "辆", "?", "千克", "1,100,000"],
            [BEV, "纯电动乘用车", "429", "墨西哥", "50", "辆", "?", "千克", "600,000"],
        ],
    )
    later = (landing / "customs" / "exports" / "exports_202506_partner_usd.csv").stat().st_mtime
    os.utime(revised, (later + 60, later + 60))
    materialize_all(landing, warehouse)

    assert fetch(
        warehouse,
        "select partner_iso3, vehicles, value_cny from marts.exports_by_destination order by 1",
    ) == [("MEX", 50, 600_000), ("RUS", 110 + 30, 1_100_000 + 90_000)]
    # the older download's rows stay in raw, with the file that brought them
    assert fetch(
        warehouse,
        "select count(*) from raw.customs_rows join raw.customs_files using (sha256) "
        "where source_file = 'customs/exports/exports_202506_partner_cny.csv'",
    ) == [(4,)]


def test_identical_redownload_under_another_name_loads_once(tmp_path):
    landing = hand_landing(tmp_path / "landing")
    exports = landing / "customs" / "exports"
    shutil.copyfile(exports / "exports_202506_full_cny.csv", exports / "download (3).csv")
    warehouse = tmp_path / "w.duckdb"
    materialize_all(landing, warehouse)
    statuses = dict(fetch(warehouse, "select source_file, status from audit.loads"))
    assert sorted(
        statuses[f"customs/exports/{n}"]
        for n in ("download (3).csv", "exports_202506_full_cny.csv")
    ) == ["duplicate", "loaded"]
    assert fetch(warehouse, "select sum(vehicles) from marts.exports_by_province") == [(180,)]


def _fingerprint(warehouse):
    """Row count and a content hash of every table the build writes, but the check log.

    audit.check_results is a log of check runs (one row per check per build, like Dagster's
    run history): a second build appends its own rows, with the same verdicts.
    """
    tables = fetch(
        warehouse,
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('raw', 'staging', 'marts', 'audit', 'ref') "
        "and table_name <> 'check_results' order by 1",
    )
    fingerprint = {}
    for (table,) in tables:
        # table names come from the warehouse's own catalog, not from input
        fingerprint[table] = fetch(
            warehouse, f"select count(*), sum(hash(columns(*)::varchar)) from {table}"
        )[0]
    return fingerprint


def test_a_second_build_on_the_same_landing_changes_nothing(built_hand, tmp_path):
    landing, warehouse = built_hand.copy(tmp_path)
    first = _fingerprint(warehouse)
    materialize_all(landing, warehouse)
    assert _fingerprint(warehouse) == first
    assert len(first) >= 15
    verdicts = fetch(
        warehouse,
        "select run_id, list(check_name || ' ' || table_name || ' ' || passed || ' ' || observed "
        "order by check_name, table_name) from audit.check_results group by run_id",
    )
    assert len(verdicts) == 2 and verdicts[0][1] == verdicts[1][1]
    assert len(verdicts[0][1]) >= 20


def test_bad_rows_are_quarantined_alone_and_the_good_rows_load(tmp_path):
    landing = tmp_path / "landing"
    good = [BEV, "纯电动乘用车", "344", "俄罗斯联邦", "10", "一般贸易", "31", "上海市"]
    rows = [
        [*good, "7", "辆", "?", "千克", "70,000"],  # row 1: loads
        [*good, "abc", "辆", "?", "千克", "1"],  # row 2
        ["8703800", *good[1:], "1", "辆", "?", "千克", "1"],  # row 3
        [*good[:2], "999", "未知", *good[4:], "1", "辆", "?", "千克", "1"],  # row 4
        [*good, "1", "辆", "?", "千克", "-5"],  # row 5
        [*good, "1", "辆", "?", "千克"],  # row 6: a field short
        [*good, "1", "辆", "?", "千克", "1", "extra"],  # row 7: a field too many
        [*good[:6], "99", "火星", "1", "辆", "?", "千克", "1"],  # row 8
    ]
    write_download(
        landing / "customs/exports/exports_202507_full_cny.csv", [*ZH_FULL, "人民币"], rows
    )
    warehouse = tmp_path / "w.duckdb"
    assert materialize_all(landing, warehouse).success

    reasons = fetch(
        warehouse,
        "select row_number, reason from audit.quarantine order by row_number",
    )
    assert [r[0] for r in reasons] == [2, 3, 4, 5, 6, 7, 8]
    text = dict(reasons)
    assert text[2] == "first quantity not a number: abc"
    assert text[3] == "HS code not 8 digits: 8703800"
    assert text[4] == "partner code 999 not in the reference (warehouse/seeds/partners.csv)"
    assert text[5] == "negative value: -5"
    assert text[6].startswith("row not readable as CSV")
    assert text[7] == "more fields than the header"
    assert text[8] == "province code 99 not in the reference (warehouse/seeds/provinces.csv)"
    assert fetch(
        warehouse,
        "select rows_in, rows_loaded, rows_quarantined, status from audit.loads",
    ) == [(8, 1, 7, "loaded_with_quarantine")]
    assert fetch(warehouse, "select vehicles, value_cny from marts.exports_by_destination") == [
        (7, 70_000)
    ]


def test_unreadable_files_are_quarantined_whole_and_the_rest_still_loads(tmp_path):
    landing = hand_landing(tmp_path / "landing")
    exports = landing / "customs" / "exports"
    (exports / "exports_202506_binary.csv").write_bytes(b"PK\x03\x04\x00\x00\x00")
    (exports / "exports_202506_empty.csv").write_bytes(b"")
    write_download(
        exports / "exports_partner.csv",
        [*ZH_PARTNER, "人民币"],
        [[BEV, "纯电动乘用车", "344", "俄罗斯联邦", "1", "辆", "?", "千克", "1"]],
    )
    cut = exports / "exports_202505_cut.csv"
    shutil.copyfile(exports / "exports_202506_full_cny.csv", cut)
    cut.write_bytes(cut.read_bytes()[:-12])
    warehouse = tmp_path / "w.duckdb"
    assert materialize_all(landing, warehouse).success

    quarantined = dict(
        fetch(
            warehouse, "select source_file, reason from audit.quarantine where row_number is null"
        )
    )
    assert quarantined.keys() == {
        f"customs/exports/{n}"
        for n in ("exports_202506_binary.csv", "exports_202506_empty.csv", "exports_partner.csv",
                  "exports_202505_cut.csv")
    }  # fmt: skip
    assert "binary" in quarantined["customs/exports/exports_202506_binary.csv"]
    assert quarantined["customs/exports/exports_202506_empty.csv"] == "empty file"
    assert quarantined["customs/exports/exports_partner.csv"].startswith("period unknown")
    assert quarantined["customs/exports/exports_202505_cut.csv"].startswith("truncated")
    assert fetch(warehouse, "select sum(vehicles) from marts.exports_by_powertrain") == [(180,)]


def test_a_download_of_exactly_10000_rows_loads_with_a_truncation_warning(tmp_path):
    partners = [r[0] for r in fetch_seed("partners", "partner_code")][:50]
    provinces = [r[0] for r in fetch_seed("provinces", "province_code")][:25]
    hs_codes = ["87032341", "87038000", "87036011", "87034011", "87042100", "87024010",
                "87060022", "87089990"]  # fmt: skip
    rows = [
        [hs, "x", partner, "p", "10", "一般贸易", province, "r", "1", "辆", "?", "千克", "150000"]
        for hs in hs_codes
        for partner in partners
        for province in provinces
    ]
    assert len(rows) == 10_000
    landing = tmp_path / "landing"
    write_download(
        landing / "customs/exports/exports_202508_full_cny.csv", [*ZH_FULL, "人民币"], rows
    )
    warehouse = tmp_path / "w.duckdb"
    result = materialize_all(landing, warehouse)
    assert result.success
    [(rows_loaded, warning)] = fetch(warehouse, "select rows_loaded, warning from audit.loads")
    assert rows_loaded == 10_000
    assert "exactly 10,000 data rows" in warning and "probably cut" in warning
    assert _check_results(result)["raw/customs_rows:truncated_downloads"] is False


def fetch_seed(name: str, column: str) -> list[tuple]:
    import duckdb

    from pipelines.lib.warehouse_sql import WAREHOUSE_DIR

    path = (WAREHOUSE_DIR / "seeds" / f"{name}.csv").as_posix()
    return duckdb.sql(
        f"select {column} from read_csv(?, all_varchar = true) order by 1", params=[path]
    ).fetchall()
