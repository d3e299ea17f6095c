-- province rows name a province
select * from {batch}
where purpose = 'province' and province_code is null
