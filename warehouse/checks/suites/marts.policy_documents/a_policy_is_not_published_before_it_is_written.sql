-- a policy is not published before it is written
select
    policy_id,
    written_on,
    published_on
from {batch}
where published_on < written_on
