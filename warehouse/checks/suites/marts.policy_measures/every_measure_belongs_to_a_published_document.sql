-- every measure belongs to a published document
select policy_id from {batch}
where policy_id not in (select policy_id from marts.policy_documents)
