-- destination rows name a partner
select * from {batch}
where purpose = 'destination' and partner_code is null
