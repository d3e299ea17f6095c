-- The plants of each registry file as read (text as written; capacity a whole number).
create table if not exists raw.plant_rows (
    sha256 varchar not null,
    row_number integer not null,
    plant varchar not null,
    maker varchar not null,
    country varchar not null,
    city varchar,
    kind varchar,
    announced varchar,
    opened varchar,
    capacity integer,
    sources varchar not null,
    notes varchar
);
