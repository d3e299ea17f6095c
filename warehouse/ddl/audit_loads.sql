-- One row per landing file version (path and content hash) the build has seen.
create table if not exists audit.loads (
    source_file varchar not null,
    sha256 varchar not null,
    flow varchar,
    rows_in bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    status varchar not null,
    warning varchar,
    loaded_at timestamp not null
);
