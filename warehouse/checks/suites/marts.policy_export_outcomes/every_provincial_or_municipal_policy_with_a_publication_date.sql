-- every provincial or municipal policy with a publication date and a province has a row
select policy_id
from marts.policy_documents
where
    jurisdiction_level in ('provincial', 'municipal')
    and published_on is not null
    and province_code is not null
except
select policy_id
from {batch}
