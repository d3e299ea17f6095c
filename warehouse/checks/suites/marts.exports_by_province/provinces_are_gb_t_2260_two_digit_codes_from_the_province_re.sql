-- provinces are GB/T 2260 two-digit codes from the province reference
select province_code
from {batch}
where
    not regexp_full_match(province_code, '[1-8][0-9]')
    or province_code not in (select province_code from ref.provinces)
