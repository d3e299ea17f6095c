-- The months customs staging restaged in the last run, as disjoint spans
-- [period_start, period_end): the run's window (all time in a full build) and each restaged
-- month outside it. The steps after customs staging run on other connections; they restage
-- the same months by reading this table (disjoint: no month is restaged twice).
create table if not exists staging.customs_restaged_months (
    period_start date not null,
    period_end date not null
);
