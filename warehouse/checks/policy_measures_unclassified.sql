-- checks: marts.policy_measures
-- blocking: no
-- description: Measures no keyword of warehouse/seeds/policy_measure_keywords.csv matches.
-- Measures that no keyword of the measure taxonomy matches.
select
    policy_id,
    measure_no,
    text,
    source_file
from marts.policy_measures
where category = 'unclassified'
