-- Every mart row names the landing files that produced it (source_files, or source_file where
-- the mart has only that). One branch per mart; tests/integration/test_validation.py fails
-- when a mart is missing here.
select
    'marts.fct_customs_trade' as mart,
    count(*) as rows_without_source
from marts.fct_customs_trade
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.exports_by_destination' as mart,
    count(*) as rows_without_source
from marts.exports_by_destination
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.exports_by_province' as mart,
    count(*) as rows_without_source
from marts.exports_by_province
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.exports_by_powertrain' as mart,
    count(*) as rows_without_source
from marts.exports_by_powertrain
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.national_monthly' as mart,
    count(*) as rows_without_source
from marts.national_monthly
where source_file is null or source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.national_monthly_history' as mart,
    count(*) as rows_without_source
from marts.national_monthly_history
where source_file is null or source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.annual_exports' as mart,
    count(*) as rows_without_source
from marts.annual_exports
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.exporter_comparison' as mart,
    count(*) as rows_without_source
from marts.exporter_comparison
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.source_bridge' as mart,
    count(*) as rows_without_source
from marts.source_bridge
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.policy_documents' as mart,
    count(*) as rows_without_source
from marts.policy_documents
where source_file is null or source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.policy_measures' as mart,
    count(*) as rows_without_source
from marts.policy_measures
where source_file is null
having count(*) > 0
union all
select
    'marts.policy_overlap' as mart,
    count(*) as rows_without_source
from marts.policy_overlap
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.policy_timeline' as mart,
    count(*) as rows_without_source
from marts.policy_timeline
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.policy_export_outcomes' as mart,
    count(*) as rows_without_source
from marts.policy_export_outcomes
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.nev_share_by_region' as mart,
    count(*) as rows_without_source
from marts.nev_share_by_region
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
select
    'marts.market_signals' as mart,
    count(*) as rows_without_source
from marts.market_signals
where source_files is null or len(source_files) = 0
having count(*) > 0
union all
-- A plant's row always names its seed source; it names landing files once a window has data.
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
