-- The months customs staging restaged in the last run, as disjoint spans
-- [period_start, period_end): the run's window (all time in a full build) and each restaged
-- month outside it. The steps after customs staging run on other connections; they restage
-- the same months by reading this table (disjoint: no month is restaged twice).
create table if not exists staging.customs_restaged_months (
    period_start date not null,
    period_end date not null
);

-- Whether a period lies in the months the last run restaged (between the first span's start
-- and the last span's end; all time when the table is empty). The build's checks on the
-- month-restaged tables judge these months only: the others are the rows earlier builds
-- checked, untouched since. Scalar subqueries, not a join: DuckDB then skips the other
-- months' row groups. `autoexport check` sets all time (check_command.py).
create macro if not exists staging.in_restaged_months(period) as
period >= coalesce(
    (select min(spans.period_start) from staging.customs_restaged_months as spans),
    date '0001-01-01'
)
and period < coalesce(
    (select max(spans.period_end) from staging.customs_restaged_months as spans),
    date '9999-12-01'
);
