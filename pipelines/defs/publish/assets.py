"""Publication: the finished build file replaces the published warehouse in one rename."""

import dagster as dg

from pipelines.defs.market.assets import MARKET_MARTS
from pipelines.defs.marts.assets import MART_TABLES
from pipelines.defs.policy.assets import POLICY_MARTS
from pipelines.defs.releases.assets import RELEASE_MART_TABLES
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key

PUBLISHED_MARTS = (*MART_TABLES, *RELEASE_MART_TABLES, *POLICY_MARTS, *MARKET_MARTS)


@dg.asset(
    key=dg.AssetKey(["published_warehouse"]),
    deps=[table_key(table) for table in PUBLISHED_MARTS],
    group_name="publish",
    kinds={"duckdb"},
    owners=OWNERS,
    description=(
        "The DuckDB file users and BI tools open. Runs only after every mart and its blocking "
        "checks succeeded; replaces the published file atomically."
    ),
)
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    warehouse.publish()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(warehouse.warehouse)),
            "size_bytes": warehouse.warehouse.stat().st_size,
        }
    )
