-- The 8-digit HS codes of the customs downloads with their commodity names, one row per code
-- and tariff year (the calendar year: China's tariff schedule, codes and names, changes each
-- January). name_zh is the 商品名称 as the platform's Chinese downloads write it, name_en as
-- its English downloads write it: each the name of the latest month the code appears in that
-- year, then of the latest loaded file. Vehicle class and powertrain are the code's in its
-- last month (staging.hs_vehicle_map), NULL for codes that are not vehicles. Join a mart on
-- hs_code and year(period) = tariff_year.
-- group: customs
create or replace table marts.dim_hs_code as
with

-- one row per code, month, file and name: the names come with the typed lines, so the few
-- groups per file are ranked, not every line
named as (
    select
        staged.hs_code,
        staged.period,
        files.load_seq,
        files.source_file,
        files.header_language,
        staged.commodity_name
    from staging.customs_lines as staged
    inner join raw.customs_files as files on staged.sha256 = files.sha256
    where staged.reject_reason is null
    group by all
),

-- the latest name per code, tariff year and language of the download
latest_names as (
    select
        hs_code,
        year(period) as tariff_year,
        header_language,
        commodity_name,
        source_file
    from named
    where commodity_name is not null
    qualify row_number() over (
        partition by hs_code, year(period), header_language
        order by period desc, load_seq desc, source_file desc, commodity_name asc
    ) = 1
),

years as (
    select
        hs_code,
        year(period) as tariff_year,
        min(period) as first_month,
        max(period) as last_month,
        arg_max(source_file, load_seq) as last_file
    from named
    group by hs_code, year(period)
)

select
    years.hs_code,
    years.tariff_year,
    zh.commodity_name as name_zh,
    en.commodity_name as name_en,
    years.first_month,
    years.last_month,
    vehicle_map.vehicle_class,
    vehicle_map.powertrain,
    -- the files the names come from (the code's latest file when no download names it)
    if(
        zh.source_file is null and en.source_file is null,
        [years.last_file],
        list_sort(list_distinct(list_filter(
            [zh.source_file, en.source_file], lambda f: f is not null  -- noqa: RF02
        )))
    ) as source_files
from years
left join latest_names as zh
    on
        years.hs_code = zh.hs_code
        and years.tariff_year = zh.tariff_year
        and zh.header_language = 'zh'
left join latest_names as en
    on
        years.hs_code = en.hs_code
        and years.tariff_year = en.tariff_year
        and en.header_language = 'en'
left join staging.hs_vehicle_map as vehicle_map
    on years.hs_code = vehicle_map.hs_code and years.last_month = vehicle_map.period
order by years.hs_code, years.tariff_year
