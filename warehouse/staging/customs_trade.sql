-- One row per flow, period, breakdown and key present in the downloads: revisions resolved,
-- CNY and USD downloads of the same slice merged into one row with both values.
-- Revisions and merges stay inside a month, so only the months staging.customs_lines restaged
-- in this run (temp.customs_restaged_months, and the run's months) are rebuilt: this file
-- clears them, and customs_trade_months.sql inserts them a few months at a time.
-- group: customs
-- step of: customs_staging
create table if not exists staging.customs_trade (
    flow varchar,
    period date,
    breakdown varchar,
    dimension_count integer,
    hs_code varchar,
    partner_code varchar,
    trade_mode_code varchar,
    province_code varchar,
    quantity decimal(18, 3),
    quantity_unit varchar,
    quantity_2 decimal(18, 3),
    quantity_2_unit varchar,
    value_cny hugeint,
    value_usd hugeint,
    from_truncated_file boolean,
    source_files varchar[]
);

delete from staging.customs_trade
where
    period in (select restaged.period from temp.customs_restaged_months as restaged)
    or (period >= getvariable('months_start') and period < getvariable('months_end'));
