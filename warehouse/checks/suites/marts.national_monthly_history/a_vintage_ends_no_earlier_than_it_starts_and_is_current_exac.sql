-- a vintage ends no earlier than it starts, and is current exactly when it has not ended
select
    period,
    product,
    vintage,
    valid_from,
    valid_to,
    is_current
from {batch}
where valid_to < valid_from or is_current <> (valid_to is null)
