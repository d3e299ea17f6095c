-- Row counts of audit.loads from what parse and staging refused, for every loaded file.
update audit.loads
set
    rows_quarantined = counted.quarantined,
    rows_loaded = audit.loads.rows_in - counted.quarantined,
    status = case when counted.quarantined > 0 then 'loaded_with_quarantine' else 'loaded' end
from (
    select
        files.source_file,
        files.sha256,
        count(quarantine.row_number) as quarantined
    from raw.customs_files as files
    left join audit.quarantine as quarantine
        on files.sha256 = quarantine.sha256 and quarantine.row_number is not null
    group by files.source_file, files.sha256
) as counted
where
    audit.loads.source_file = counted.source_file
    and audit.loads.sha256 = counted.sha256;
