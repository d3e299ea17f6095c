-- every classified measure of a document with a jurisdiction is counted in its category
select
    category,
    count(*) as measures
from (
    select
        m.category,
        m.policy_id,
        m.measure_no
    from marts.policy_measures as m
    inner join marts.policy_documents as d on m.policy_id = d.policy_id
    where m.category <> 'unclassified' and m.jurisdiction_code is not null
)
group by category
except
select
    category,
    measures
from {batch}
