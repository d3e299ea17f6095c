-- every code has a name: the platform's downloads always carry one
select
    hs_code,
    tariff_year
from {batch}
where name_zh is null and name_en is null
