-- One row per customs download whose rows were loaded into raw.customs_rows.
create table if not exists raw.customs_files (
    source_file varchar not null,
    sha256 varchar not null,
    flow varchar not null,
    currency varchar not null,
    header_language varchar not null,
    encoding varchar not null,
    breakdown varchar not null,
    dimension_count integer not null,
    file_period date,
    data_rows bigint not null,
    probably_truncated boolean not null,
    load_seq bigint not null,
    loaded_at timestamp not null
);
