-- a change only when all 24 months are in the warehouse
select
    policy_id,
    months_before,
    months_after,
    change_pct,
    national_change_pct
from {batch}
where
    (change_pct is not null or national_change_pct is not null)
    and (months_before < 12 or months_after < 12)
