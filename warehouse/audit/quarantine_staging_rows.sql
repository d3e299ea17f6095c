-- Rows refused by staging, recomputed on every build so that a reference fix releases them.
delete from audit.quarantine
where stage = 'staging';

insert into audit.quarantine (
    source_file, sha256, row_number, reason, raw, stage, loaded_at
)
select
    files.source_file,
    refused.sha256,
    refused.row_number,
    -- a reason quotes the refused field: cut like every reason the loaders write
    -- (pipelines/lib/load_audit.py REASON_LIMIT = 300), never a field's whole content
    if(
        length(refused.reject_reason) <= 300,
        refused.reject_reason,
        left(refused.reject_reason, 270)
        || '… (cut: ' || length(refused.reject_reason) || ' characters)'
    ) as reason,
    -- the whole raw row, as JSON
    to_json(raw_rows)::varchar as raw_row,  -- noqa: RF02
    'staging' as refused_by,
    files.loaded_at
from staging.customs_lines as refused
inner join raw.customs_files as files on refused.sha256 = files.sha256
inner join raw.customs_rows as raw_rows
    on refused.sha256 = raw_rows.sha256 and refused.row_number = raw_rows.row_number
where refused.reject_reason is not null;
