-- Rows and whole files that did not load, with the reason. stage says who refused them:
-- 'parse' when the file was read, 'staging' when typing or the reference refused the row.
create table if not exists audit.quarantine (
    source_file varchar not null,
    sha256 varchar not null,
    row_number bigint,
    reason varchar not null,
    raw varchar,
    stage varchar not null,
    loaded_at timestamp not null
);
