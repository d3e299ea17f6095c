-- One row per policy file (page or registry) whose documents were loaded.
create table if not exists raw.policy_files (
    source_file varchar not null,
    sha256 varchar not null,
    format varchar not null,
    encoding varchar not null,
    documents integer not null,
    load_seq bigint not null,
    loaded_at timestamp not null
);
