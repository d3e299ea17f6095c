"""Reference tables (ref.*) from the seed CSVs in warehouse/seeds/.

Every seed is its own asset; they load in one step, on one connection, as the SQL tables of a
layer do (a step per seed cost more in Dagster than the load itself).
"""

from collections.abc import Iterator

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key, table_metadata
from pipelines.lib.seeds import SEED_COLUMNS, load_seed


@dg.multi_asset(
    name="reference_seeds",
    specs=[
        dg.AssetSpec(
            table_key(f"ref.{name}"),
            group_name="reference",
            kinds={"duckdb", "csv"},
            owners=OWNERS,
            description=f"Reference data from warehouse/seeds/{name}.csv (sources in its README).",
        )
        for name in SEED_COLUMNS
    ],
    can_subset=True,
)
def reference_seeds(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    with warehouse.connect() as con:
        for name in SEED_COLUMNS:
            key = table_key(f"ref.{name}")
            if key in context.selected_asset_keys:
                load_seed(con, name)
                yield dg.MaterializeResult(
                    asset_key=key, metadata=table_metadata(con, f"ref.{name}")
                )


reference_assets = [reference_seeds]
