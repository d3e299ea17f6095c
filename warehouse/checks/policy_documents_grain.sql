-- Policy ids that name more than one document.
select
    policy_id,
    count(*) as documents
from marts.policy_documents
group by policy_id
having count(*) > 1
