-- year-to-date is at least the month
select * from {batch}
where vehicles_ytd < vehicles
