-- Association and peer-exporter series from landing/industry/*.csv, as read (text).
create table if not exists raw.industry_series (
    source_file varchar not null,
    sha256 varchar not null,
    row_number bigint not null,
    source varchar,
    country varchar,
    metric varchar,
    period varchar,
    value varchar,
    unit varchar,
    loaded_at timestamp not null
);
