-- Plant ids that name more than one plant.
select
    plant_id,
    count(*) as occurrences
from marts.plant_export_effects
group by plant_id
having count(*) > 1
