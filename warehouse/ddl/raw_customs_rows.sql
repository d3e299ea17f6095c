-- Rows of customs downloads exactly as read (text), with the file and row they came from.
create table if not exists raw.customs_rows (
    sha256 varchar not null,
    row_number bigint not null,
    period varchar,
    hs_code varchar,
    commodity_name varchar,
    partner_code varchar,
    partner_name varchar,
    trade_mode_code varchar,
    trade_mode_name varchar,
    province_code varchar,
    province_name varchar,
    quantity varchar,
    quantity_unit varchar,
    quantity_2 varchar,
    quantity_2_unit varchar,
    trade_value varchar,
    extra_field varchar
);
