-- checks: marts.plant_export_effects
-- blocking: yes
-- description: Every plant names its seed source, and the landing files once a window has data (the
--     source-files rule of this mart; the other marts' is mart_rows_without_source_files).
-- A plant's row always names its seed source (plant_source); it names landing files
-- (source_files) once one of its windows has data. The generic source-files check
-- (mart_rows_without_source_files) leaves this mart to this rule: its header says so.
select
    'marts.plant_export_effects' as mart,
    count(*) as rows_without_source
from marts.plant_export_effects
where
    plant_source is null
    or (
        coalesce(months_prior_covered + months_before_covered + months_after_covered, 0) > 0
        and (source_files is null or len(source_files) = 0)
    )
having count(*) > 0
