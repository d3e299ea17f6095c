-- jurisdictions are 'CN' or GB/T 2260 codes known to the issuer reference
select jurisdiction_code
from {batch}
where
    jurisdiction_code is not null
    and jurisdiction_code not in (select jurisdiction_code from staging.policy_jurisdictions)
