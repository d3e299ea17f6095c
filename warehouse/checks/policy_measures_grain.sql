-- Measures that appear twice under one policy, number and category.
select
    policy_id,
    measure_no,
    category,
    count(*) as measure_rows
from marts.policy_measures
group by policy_id, measure_no, category
having count(*) > 1
