-- Measures that no keyword of the measure taxonomy matches.
select
    policy_id,
    measure_no,
    text,
    source_file
from marts.policy_measures
where category = 'unclassified'
