-- every destination and month of marts.exports_by_destination has a row
select
    period,
    partner_iso3
from marts.exports_by_destination
except
select
    period,
    partner_iso3
from {batch}
