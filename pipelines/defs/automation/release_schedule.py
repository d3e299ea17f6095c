"""The schedule on GACC's release rhythm (Beijing time).

GACC publishes a month's preliminary national tables around the middle of the next month and
the detailed query-platform data some days later. The schedule builds the month being
released on the 15th (preliminary tables), the 22nd and the 28th (detailed data, late
downloads); every build runs the freshness checks, which warn when that month is overdue.
"""

import dagster as dg

from pipelines.lib.build_session import BUILD_JOB
from pipelines.lib.landing_scan import month_key
from pipelines.lib.periods import BUILD_TIMEZONE, BUILD_TIMEZONE_NAME, previous_month

RELEASE_CRON = "0 10 15,22,28 * *"


@dg.schedule(
    cron_schedule=RELEASE_CRON,
    execution_timezone=BUILD_TIMEZONE_NAME,
    job_name=BUILD_JOB,
    description=(
        "10:00 Beijing time on the 15th, 22nd and 28th: build last month's partition (GACC "
        "releases it mid-month, details later); the freshness checks flag it when overdue."
    ),
)
def gacc_release_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    when = context.scheduled_execution_time.astimezone(BUILD_TIMEZONE)
    month = month_key(previous_month(when.date()))
    return dg.RunRequest(partition_key=month, run_key=f"{when:%Y-%m-%d}:{month}")
