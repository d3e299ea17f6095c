-- period_end is the first day of a month
select period_end from {batch}
where day(period_end) <> 1
