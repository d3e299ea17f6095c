-- Numbered measures of each policy document as read, in document order (measure_seq).
create table if not exists raw.policy_measures (
    sha256 varchar not null,
    doc_seq integer not null,
    measure_seq integer not null,
    measure_no varchar not null,
    section_no integer,
    section_title varchar,
    measure_text varchar not null
);
