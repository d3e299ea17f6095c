-- a window's vehicles only when all 12 of its months are covered
select
    plant_id,
    months_prior_covered,
    vehicles_prior,
    months_before_covered,
    vehicles_before,
    months_after_covered,
    vehicles_after
from {batch}
where
    (vehicles_prior is not null) <> (months_prior_covered = 12)
    or (vehicles_before is not null) <> (months_before_covered = 12)
    or (vehicles_after is not null) <> (months_after_covered = 12)
