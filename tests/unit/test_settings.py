import pytest

from pipelines.lib.settings import SettingsError, resolve_settings


def test_defaults(monkeypatch):
    for name in ("AUTOEXPORT_LANDING", "AUTOEXPORT_WAREHOUSE", "AUTOEXPORT_MEMORY_LIMIT",
                 "AUTOEXPORT_STORAGE_VERSION"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    settings = resolve_settings()
    assert settings.landing.parts[-2:] == ("data", "landing")
    assert settings.warehouse.name == "warehouse.duckdb"
    assert (settings.storage_version, settings.memory_limit) == ("v1.5.0", None)


def test_flags_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("AUTOEXPORT_WAREHOUSE", str(tmp_path / "env.duckdb"))
    settings = resolve_settings(warehouse=str(tmp_path / "flag.duckdb"))
    assert settings.warehouse == tmp_path / "flag.duckdb"


@pytest.mark.parametrize(
    ("name", "value"),
    [("AUTOEXPORT_MEMORY_LIMIT", "lots"), ("AUTOEXPORT_STORAGE_VERSION", "latest")],
)
def test_malformed_settings_are_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        resolve_settings()


def test_the_memory_limit_reaches_the_build_connection(monkeypatch, tmp_path):
    from pipelines.defs.resources import WarehouseResource

    warehouse = WarehouseResource(
        landing_dir=str(tmp_path), warehouse_path=str(tmp_path / "w.duckdb"), memory_limit="1GB"
    )
    with warehouse.connect() as con:
        [(limit,)] = con.execute("select current_setting('memory_limit')").fetchall()
    assert limit == "953.6 MiB"  # DuckDB reports 1GB (10^9 bytes) in MiB
