-- HS codes have 8 digits
select hs_code from {batch}
where not regexp_full_match(hs_code, '[0-9]{{8}}')
