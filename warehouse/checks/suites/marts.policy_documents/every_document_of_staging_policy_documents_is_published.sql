-- every document of staging.policy_documents is published
select policy_id
from staging.policy_documents
where policy_id not in (select policy_id from {batch})
