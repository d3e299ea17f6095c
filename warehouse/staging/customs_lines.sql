-- Typed customs rows, one per raw row, with the reason a row is refused (null when it loads).
-- A line carries its file's sha256 only: the file's values (name, flow, currency, breakdown,
-- load order, load time) are in raw.customs_files, joined where needed; written on each of
-- 10M lines they cost about a quarter of this step.
-- Restaged per month: a run retypes the rows of the run's months ([months_start, months_end);
-- a full build passes all time), the rows without a valid period
-- and the files not staged before; other months keep their rows, so a new month does not
-- redo the typing of the old ones. temp.customs_restaged_months lists the months it touched.
-- group: customs
-- step of: customs_staging
create table if not exists staging.customs_lines (
    sha256 varchar,
    row_number bigint,
    period date,
    hs_code varchar,
    commodity_name varchar,
    partner_code varchar,
    trade_mode_code varchar,
    province_code varchar,
    quantity decimal(18, 3),
    quantity_unit varchar,
    quantity_2 decimal(18, 3),
    quantity_2_unit varchar,
    trade_value bigint,
    reject_reason varchar
);

-- files with rows to restage: of a month in the window, multi-month, or never staged
-- (the staged files listed once: a correlated "not exists" per file probed 10M rows twice)
create or replace temp table customs_lines_files as
with

staged as (
    select distinct sha256 from staging.customs_lines
)

select
    files.sha256,
    staged.sha256 is null as is_new
from raw.customs_files as files
left join staged on files.sha256 = staged.sha256
where
    files.file_period is null
    or (
        files.file_period >= getvariable('months_start')
        and files.file_period < getvariable('months_end')
    )
    or staged.sha256 is null;

delete from staging.customs_lines
where
    period is null
    or (period >= getvariable('months_start') and period < getvariable('months_end'));

insert into staging.customs_lines (
    sha256,
    row_number,
    period,
    hs_code,
    commodity_name,
    partner_code,
    trade_mode_code,
    province_code,
    quantity,
    quantity_unit,
    quantity_2,
    quantity_2_unit,
    trade_value,
    reject_reason
)
with

files as (
    select
        customs_files.sha256,
        customs_files.breakdown,
        customs_files.file_period,
        scope.is_new
    from raw.customs_files
    inner join temp.customs_lines_files as scope on customs_files.sha256 = scope.sha256
),

raw_rows as (
    select
        sha256,
        row_number,
        trim(period) as period_text,
        ltrim(trim(hs_code), '''') as hs_code,
        nullif(trim(commodity_name), '') as commodity_name,
        nullif(trim(partner_code), '') as partner_code,
        nullif(trim(trade_mode_code), '') as trade_mode_code,
        nullif(trim(province_code), '') as province_code,
        -- '?' or empty marks a missing figure
        nullif(nullif(trim(quantity), '?'), '') as quantity_text,
        nullif(trim(quantity_unit), '') as quantity_unit_text,
        nullif(nullif(trim(quantity_2), '?'), '') as quantity_2_text,
        nullif(trim(quantity_2_unit), '') as quantity_2_unit_text,
        nullif(nullif(trim(trade_value), '?'), '') as value_text,
        nullif(extra_field, '') as extra_field
    from raw.customs_rows
    where sha256 in (select sha256 from temp.customs_lines_files)  -- noqa: RF02
),

typed as (
    select
        raw_rows.*,
        files.breakdown,
        files.is_new,
        coalesce(files.file_period, try_strptime(raw_rows.period_text, '%Y%m')::date) as period,
        -- thousands separators go before the cast; only the platform's way of writing a
        -- number is cast (DuckDB would also read 1e5, 0x1F, 1_000, and 12.5 as a bigint 13)
        if(
            regexp_full_match(
                raw_rows.quantity_text, '-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?'
            ),
            try_cast(replace(raw_rows.quantity_text, ',', '') as decimal(18, 3)),
            null
        ) as quantity,
        if(
            regexp_full_match(
                raw_rows.quantity_2_text, '-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?'
            ),
            try_cast(replace(raw_rows.quantity_2_text, ',', '') as decimal(18, 3)),
            null
        ) as quantity_2,
        if(
            regexp_full_match(raw_rows.value_text, '-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)'),
            try_cast(replace(raw_rows.value_text, ',', '') as bigint),
            null
        ) as trade_value,
        coalesce(unit_1.unit, raw_rows.quantity_unit_text) as quantity_unit,
        coalesce(unit_2.unit, raw_rows.quantity_2_unit_text) as quantity_2_unit,
        partners.partner_code is not null as partner_known,
        provinces.province_code is not null as province_known
    from raw_rows
    inner join files on raw_rows.sha256 = files.sha256
    left join ref.units as unit_1 on raw_rows.quantity_unit_text = unit_1.label
    left join ref.units as unit_2 on raw_rows.quantity_2_unit_text = unit_2.label
    left join ref.partners as partners on raw_rows.partner_code = partners.partner_code
    left join ref.provinces as provinces on raw_rows.province_code = provinces.province_code
)

select
    sha256,
    row_number,
    period,
    hs_code,
    commodity_name,
    partner_code,
    trade_mode_code,
    province_code,
    quantity,
    quantity_unit,
    quantity_2,
    quantity_2_unit,
    trade_value,
    case
        when extra_field is not null
            then 'more fields than the header'
        when period is null and period_text is null
            then 'period missing'
        when period is null
            then 'period not YYYYMM: ' || period_text
        when not regexp_full_match(hs_code, '[0-9]{8}')
            then 'HS code not 8 digits: ' || coalesce(hs_code, '(empty)')
        when quantity_text is not null and quantity is null
            then 'first quantity not a number: ' || quantity_text
        when quantity < 0
            then 'negative first quantity: ' || quantity_text
        when quantity_2_text is not null and quantity_2 is null
            then 'second quantity not a number: ' || quantity_2_text
        when quantity_2 < 0
            then 'negative second quantity: ' || quantity_2_text
        when value_text is not null and trade_value is null
            then 'value not a whole number: ' || value_text
        when trade_value < 0
            then 'negative value: ' || value_text
        when contains(breakdown, 'partner') and partner_code is null
            then 'partner code missing'
        when contains(breakdown, 'partner') and not partner_known
            then
                'partner code ' || partner_code
                || ' not in the reference (warehouse/seeds/partners.csv)'
        when contains(breakdown, 'trade_mode') and trade_mode_code is null
            then 'trade mode code missing'
        when contains(breakdown, 'province') and province_code is null
            then 'province code missing'
        when contains(breakdown, 'province') and not province_known
            then
                'province code ' || province_code
                || ' not in the reference (warehouse/seeds/provinces.csv)'
    end as reject_reason
from typed
where
    is_new
    or period is null
    or (period >= getvariable('months_start') and period < getvariable('months_end'));

-- the months this run restaged: those of its window, and those of files staged for the first time
create or replace temp table customs_restaged_months as
select distinct period
from staging.customs_lines
where
    period is not null
    and (
        (period >= getvariable('months_start') and period < getvariable('months_end'))
        or sha256 in (
            select new_files.sha256
            from temp.customs_lines_files as new_files
            where new_files.is_new
        )
    );
