-- categories never list 'unclassified'
select
    jurisdiction_code,
    period,
    categories
from {batch}
where list_contains(categories, 'unclassified')
