-- province rows name a province
select * from {batch}
where for_province and province_code is null
