-- destination rows name a partner
select * from {batch}
where for_destination and partner_code is null
