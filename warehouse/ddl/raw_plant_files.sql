-- One row per plant registry file (landing/plants/) whose rows were loaded.
create table if not exists raw.plant_files (
    source_file varchar not null,
    sha256 varchar not null,
    format varchar not null,
    plants integer not null,
    load_seq bigint not null,
    loaded_at timestamp not null
);
