-- first and last month are months of the tariff year, in order
select
    hs_code,
    tariff_year
from {batch}
where
    first_month > last_month
    or year(first_month) <> tariff_year
    or year(last_month) <> tariff_year
    or day(first_month) <> 1
    or day(last_month) <> 1
