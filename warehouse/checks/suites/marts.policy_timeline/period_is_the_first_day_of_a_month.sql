-- period is the first day of a month
select period from {batch}
where day(period) <> 1
