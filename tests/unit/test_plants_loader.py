"""The overseas plant registry as a landing source: CSV and YAML read alike, bad rows
quarantined with their reason, the file's other rows loaded."""

import datetime as dt

import duckdb
import pytest

from pipelines.lib.sources.plants.loader import load_plants_landing, parse_plants_file
from pipelines.lib.warehouse_sql import ensure_schema, run_sql_file

LOADED_AT = dt.datetime(2026, 1, 5, 8, 0, 0)
HEADER = "plant,maker,country,city,kind,announced,opened,capacity,sources"
GOOD = "byd_rayong,BYD,THA,Rayong,full production,2022-09-08,2024-07-04,150000,Reuters 2022"


def _landing(tmp_path, name: str, text: str):
    folder = tmp_path / "landing" / "plants"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "landing"


def test_a_csv_and_a_yaml_registry_give_the_same_plant(tmp_path):
    csv_file = _landing(tmp_path, "a.csv", f"{HEADER}\n{GOOD}\n") / "plants" / "a.csv"
    yaml_file = (
        _landing(
            tmp_path,
            "b.yaml",
            "- plant: byd_rayong\n  maker: BYD\n  country: THA\n  city: Rayong\n"
            "  kind: full production\n  announced: 2022-09-08\n  opened: 2024-07-04\n"
            "  capacity: 150000\n  sources: Reuters 2022\n",
        )
        / "plants"
        / "b.yaml"
    )
    (from_csv,) = parse_plants_file(csv_file).plants
    (from_yaml,) = parse_plants_file(yaml_file).plants
    assert from_csv == from_yaml
    # YAML values stay text: a date is not turned into a date, a number not into a number
    assert from_yaml[1]["opened"] == "2024-07-04" and from_yaml[1]["capacity"] == "150000"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",BYD,THA,Rayong,,,,,Reuters", "plant is empty"),
        ("x,BYD,Thailand,Rayong,,,,,Reuters", "not an ISO 3166 alpha-3 code"),
        ("x,BYD,THA,Rayong,,,,about 150k,Reuters", "not a whole number"),
        ("x,BYD,THA,Rayong,,,,,", "sources is empty"),
        ("x,BYD,THA", "3 fields, the header has 9"),
        (GOOD, "already in row 1 of this file"),
    ],
)
def test_a_bad_row_is_quarantined_and_the_others_load(tmp_path, row, reason):
    landing = _landing(tmp_path, "plants.csv", f"{HEADER}\n{GOOD}\n{row}\n")
    con = duckdb.connect()
    ensure_schema(con)
    (outcome,) = load_plants_landing(con, landing, LOADED_AT)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == (
        "loaded_with_quarantine",
        1,
        1,
    )
    assert con.execute("select plant, capacity from raw.plant_rows").fetchall() == [
        ("byd_rayong", 150000)
    ]
    ((source_file, row_number, why),) = con.execute(
        "select source_file, row_number, reason from audit.quarantine"
    ).fetchall()
    assert (source_file, row_number) == ("plants/plants.csv", 2)
    assert reason in why


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("a.csv", "plant,maker\nx,y\n", "missing: country"),
        ("a.csv", f"{HEADER},colour\n{GOOD},red\n", "unknown: colour"),
        ("a.yaml", "plants: {}\n", "a list of plants"),
        ("a.yaml", "- [unclosed\n", "not valid YAML"),
    ],
)
def test_a_file_no_row_of_which_can_be_read_is_refused_whole(tmp_path, name, text, reason):
    landing = _landing(tmp_path, name, text)
    con = duckdb.connect()
    ensure_schema(con)
    (outcome,) = load_plants_landing(con, landing, LOADED_AT)
    assert outcome.status == "quarantined" and reason in outcome.warning
    assert con.execute("select count(*) from raw.plant_rows").fetchone() == (0,)


def test_the_latest_version_of_a_file_gives_the_plant(tmp_path):
    """An analyst edits the registry: staging keeps the plant as the newest file says."""
    landing = _landing(tmp_path, "plants.csv", f"{HEADER}\n{GOOD}\n")
    con = duckdb.connect()
    ensure_schema(con)
    load_plants_landing(con, landing, LOADED_AT)
    _landing(tmp_path, "plants.csv", f"{HEADER}\n{GOOD.replace('150000', '200000')}\n")
    load_plants_landing(con, landing, LOADED_AT + dt.timedelta(hours=1))
    run_sql_file(con, "staging/overseas_plants.sql")
    assert con.execute(
        "select plant_id, capacity_per_year, source_file from staging.overseas_plants"
    ).fetchall() == [("byd_rayong", 200000, "plants/plants.csv")]
