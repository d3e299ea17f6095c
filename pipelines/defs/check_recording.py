"""Where checks of a build find the data, and how they leave their result in audit.check_results."""

from pathlib import Path

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.build_file import build_path, current_database
from pipelines.lib.check_results import CheckResult, record_results_in_file

TRIGGER = "build"


def database_to_check(warehouse: WarehouseResource) -> Path:
    """The build file; the published file once the build has been published (as read())."""
    return current_database(warehouse.warehouse)


def record_in_build(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, result: CheckResult
) -> None:
    """Write the result into the build file, so it is published with the data it judged.

    A check that Dagster runs after publication finds no build file: its result stays in the
    run's metadata, and the published file is never written in place.
    """
    target = build_path(warehouse.warehouse)
    if target.exists():
        record_results_in_file(target, context.run.run_id, [result], TRIGGER)
