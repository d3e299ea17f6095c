"""Publication: the finished build file replaces the published warehouse in one rename."""

import dagster as dg

from pipelines.defs.check_recording import write_pending_results
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sql_table import OWNERS, table_key
from pipelines.lib.build_file import build_path
from pipelines.lib.data_dictionary import apply_all
from pipelines.lib.export_postgres import PostgresExportError, publish_if_configured
from pipelines.lib.sql_files import published_marts

# the files of warehouse/marts/
PUBLISHED_MARTS = published_marts()


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
    # the data dictionary's comments on every table it describes (ref.*, audit.* too), so the
    # published file and PostgreSQL carry them
    with warehouse.connect() as con:
        write_pending_results(con, warehouse.warehouse)  # the verdicts of the checks so far
        apply_all(con)
    # AUTOEXPORT_PUBLISH_POSTGRES: the marts go to PostgreSQL first (one transaction), so a
    # build that cannot publish there publishes nowhere
    try:
        served = publish_if_configured(build_path(warehouse.warehouse))
    except PostgresExportError as exc:
        raise dg.Failure(description=str(exc)) from exc  # its words, not a wrapper's
    warehouse.publish()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(warehouse.warehouse)),
            "size_bytes": warehouse.warehouse.stat().st_size,
            **served,
        }
    )
