-- checks: staging.policy_documents
-- blocking: no
-- description: Written or published dates given in a form that is not a date: left NULL.
-- Dates as read that are not a date in a known form (left NULL in the marts).
select
    policy_id,
    written_on_text,
    published_on_text,
    source_file
from staging.policy_documents
where
    (written_on_text is not null and written_on is null)
    or (published_on_text is not null and published_on is null)
