-- unclassified measures are left out
select category from {batch}
where category = 'unclassified'
