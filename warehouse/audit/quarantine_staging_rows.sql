-- Rows refused by staging, recomputed on every build so that a reference fix releases them.
delete from audit.quarantine where stage = 'staging';

insert into audit.quarantine (
    source_file, sha256, row_number, reason, raw, stage, loaded_at
)
select
    lines.source_file,
    lines.sha256,
    lines.row_number,
    lines.reject_reason,
    to_json(raw_rows)::varchar,
    'staging',
    lines.loaded_at
from staging.customs_lines as lines
inner join raw.customs_rows as raw_rows
    on lines.sha256 = raw_rows.sha256 and lines.row_number = raw_rows.row_number
where lines.reject_reason is not null;
