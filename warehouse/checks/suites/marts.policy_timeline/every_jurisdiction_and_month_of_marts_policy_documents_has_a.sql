-- every jurisdiction and month of marts.policy_documents has a row counting its documents
select
    jurisdiction_code,
    date_trunc('month', published_on)::date as period,
    count(*) as policies
from marts.policy_documents
group by jurisdiction_code, period
except
select
    jurisdiction_code,
    period,
    policies
from {batch}
