-- Vehicle plants of Chinese makers outside China, one row per plant, from the registry files
-- of landing/plants/ (pipelines/lib/sources/plants/): the latest version of each file, and
-- where two files give the same plant, the later loaded one. Dates are ISO 8601 text at the
-- precision the sources give (2024, 2024-07 or 2024-07-04); source names every report used.
-- group: reference
create or replace table staging.overseas_plants as
with
latest_files as (
    select
        source_file,
        sha256,
        load_seq
    from raw.plant_files
    qualify row_number() over (partition by source_file order by load_seq desc) = 1
),

plants as (
    select
        rows_.plant,
        rows_.maker,
        rows_.country,
        rows_.city,
        rows_.kind,
        rows_.announced,
        rows_.opened,
        rows_.capacity,
        rows_.sources,
        rows_.notes,
        files.source_file,
        row_number() over (
            partition by rows_.plant order by files.load_seq desc
        ) as plant_rank
    from raw.plant_rows as rows_
    inner join latest_files as files on rows_.sha256 = files.sha256
)

select
    plant as plant_id,
    maker,
    country as country_iso3,
    city,
    kind,
    announced as announced_on,
    opened as opened_on,
    capacity as capacity_per_year,
    -- "source": the name the mart and its checks read (a keyword, hence noqa)
    sources as source,  -- noqa: RF04
    notes,
    source_file
from plants
where plant_rank = 1
