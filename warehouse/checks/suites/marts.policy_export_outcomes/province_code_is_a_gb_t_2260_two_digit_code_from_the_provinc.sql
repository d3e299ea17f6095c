-- province_code is a GB/T 2260 two-digit code from the province reference
select province_code
from {batch}
where province_code not in (select province_code from ref.provinces)
