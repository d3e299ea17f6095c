-- Policy documents as read (dates as text); doc_seq is the entry's position in its file.
create table if not exists raw.policy_documents (
    sha256 varchar not null,
    doc_seq integer not null,
    policy_key varchar,
    jurisdiction_code varchar,
    jurisdiction_level varchar,
    title varchar,
    issuer varchar,
    doc_number varchar,
    index_no varchar,
    topic varchar,
    written_on varchar,
    published_on varchar,
    has_metadata boolean not null,
    note varchar
);
