-- a vintage stops being the published one no earlier than it was published
select
    period,
    product,
    vintage,
    published_on,
    published_until
from {batch}
where published_until < published_on
