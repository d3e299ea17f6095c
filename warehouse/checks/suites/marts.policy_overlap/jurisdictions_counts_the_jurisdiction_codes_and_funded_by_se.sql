-- jurisdictions counts the jurisdiction codes, and funded_by_several means more than one
select
    category,
    jurisdictions,
    jurisdiction_codes,
    funded_by_several
from {batch}
where jurisdictions <> len(jurisdiction_codes) or funded_by_several <> (jurisdictions > 1)
