-- Documents whose jurisdiction is unknown: left out of policy_overlap and the outcomes.
select
    policy_id,
    title,
    issuer,
    has_metadata,
    source_file
from marts.policy_documents
where jurisdiction_code is null
