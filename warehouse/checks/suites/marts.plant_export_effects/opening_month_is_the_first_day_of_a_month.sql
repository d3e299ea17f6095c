-- opening_month is the first day of a month
select opening_month from {batch}
where day(opening_month) <> 1
