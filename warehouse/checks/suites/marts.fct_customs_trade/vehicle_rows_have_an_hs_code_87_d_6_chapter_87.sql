-- vehicle rows have an HS code ^87\d{6}$ (chapter 87)
select
    hs_code,
    vehicle_class
from {batch}
where vehicle_class is not null and not regexp_full_match(hs_code, '87[0-9]{{6}}')
