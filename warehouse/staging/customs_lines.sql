-- Typed customs rows, one per raw row, with the reason a row is refused (null when it loads).
create or replace table staging.customs_lines as
with

files as (
    select
        sha256,
        source_file,
        flow,
        currency,
        breakdown,
        dimension_count,
        file_period,
        probably_truncated,
        load_seq,
        loaded_at
    from raw.customs_files
),

raw_rows as (
    select
        sha256,
        row_number,
        trim(period) as period_text,
        ltrim(trim(hs_code), '''') as hs_code,
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
),

typed as (
    select
        raw_rows.*,
        files.source_file,
        files.flow,
        files.currency,
        files.breakdown,
        files.dimension_count,
        files.probably_truncated,
        files.load_seq,
        files.loaded_at,
        coalesce(files.file_period, try_strptime(raw_rows.period_text, '%Y%m')::date) as period,
        -- thousands separators go before the cast
        try_cast(replace(raw_rows.quantity_text, ',', '') as decimal(18, 3)) as quantity,
        try_cast(replace(raw_rows.quantity_2_text, ',', '') as decimal(18, 3)) as quantity_2,
        try_cast(replace(raw_rows.value_text, ',', '') as bigint) as trade_value,
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
    source_file,
    sha256,
    row_number,
    flow,
    currency,
    breakdown,
    dimension_count,
    probably_truncated,
    load_seq,
    loaded_at,
    period,
    hs_code,
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
