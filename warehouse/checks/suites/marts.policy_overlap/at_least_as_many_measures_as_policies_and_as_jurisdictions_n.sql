-- at least as many measures as policies, and as jurisdictions; no more with an amount than measures
select
    category,
    jurisdictions,
    policies,
    measures,
    measures_with_amount
from {batch}
where measures < policies or policies < jurisdictions or measures_with_amount > measures
