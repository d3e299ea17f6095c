"""Reference tables (ref.*) from the seed CSVs in warehouse/seeds/."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata
from pipelines.lib.seeds import SEED_COLUMNS, load_seed


def _seed_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=table_key(f"ref.{name}"),
        group_name="reference",
        kinds={"duckdb", "csv"},
        owners=OWNERS,
        description=f"Reference data from warehouse/seeds/{name}.csv (sources in its README).",
    )
    def _load(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            load_seed(con, name)
            return dg.MaterializeResult(metadata=table_metadata(con, f"ref.{name}"))

    return _load


reference_assets = [_seed_asset(name) for name in SEED_COLUMNS]
