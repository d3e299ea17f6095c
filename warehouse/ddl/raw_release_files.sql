-- One row per GACC release table (HTML page or bulletin) whose rows were loaded.
create table if not exists raw.release_files (
    source_file varchar not null,
    sha256 varchar not null,
    file_format varchar not null,
    language varchar not null,
    title varchar not null,
    period date not null,
    first_month integer not null,
    currency varchar not null,
    value_unit varchar not null,
    value_scale bigint not null,
    has_month_cells boolean not null,
    has_ytd_cells boolean not null,
    change_basis varchar not null,
    load_seq bigint not null,
    loaded_at timestamp not null,
    -- the publication date the file itself states (NULL: it states none)
    published_on_stated date,
    -- the file's modification date in Beijing time, the last resort for when it was published
    file_modified_on date
);

-- warehouses built before the two date columns
alter table raw.release_files add column if not exists published_on_stated date;
alter table raw.release_files add column if not exists file_modified_on date;
