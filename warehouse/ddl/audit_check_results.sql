-- One row per check per run: what BI tools show as data health. trigger says who ran it:
-- 'build' (written into the build file, published with the data) or 'check' (autoexport check).
create table if not exists audit.check_results (
    run_id varchar not null,
    check_name varchar not null,
    table_name varchar not null,
    passed boolean not null,
    blocking boolean not null,
    observed varchar,
    trigger varchar not null,
    checked_at timestamp not null
);
