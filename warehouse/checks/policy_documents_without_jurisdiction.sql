-- checks: marts.policy_documents
-- blocking: no
-- description: Documents whose jurisdiction is unknown (no metadata table, or an issuer no seed
--     names).
-- Documents whose jurisdiction is unknown: left out of policy_overlap and the outcomes.
select
    policy_id,
    title,
    issuer,
    has_metadata,
    source_file
from marts.policy_documents
where jurisdiction_code is null
