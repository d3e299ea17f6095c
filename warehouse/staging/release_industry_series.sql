-- Association and peer-exporter figures, typed; the newest file wins for a repeated figure.
-- group: releases
create or replace table staging.release_industry_series as
select
    upper(source) as source,  -- noqa: RF04
    upper(country) as country,
    lower(metric) as metric,
    period,
    if(length(period) = 4, period::integer, null) as year,  -- noqa: RF04
    replace(value, ',', '')::decimal(38, 3) as value,  -- noqa: RF04
    lower(unit) as unit,
    source_file,
    row_number
from raw.industry_series
qualify row_number() over (
    partition by upper(source), upper(country), lower(metric), period
    order by loaded_at desc, source_file desc, row_number desc
) = 1
