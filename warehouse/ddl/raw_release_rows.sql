-- Data rows of release tables: cells as text, as printed; NULL where the table has no column.
create table if not exists raw.release_rows (
    sha256 varchar not null,
    row_number bigint not null,
    item_label varchar not null,
    product varchar not null,
    is_aggregate boolean not null,
    indent integer not null,
    unit_label varchar,
    quantity_unit varchar,
    quantity_scale bigint,
    month_quantity varchar,
    month_value varchar,
    ytd_quantity varchar,
    ytd_value varchar,
    prior_ytd_quantity varchar,
    prior_ytd_value varchar,
    change_quantity_pct varchar,
    change_value_pct varchar
);
