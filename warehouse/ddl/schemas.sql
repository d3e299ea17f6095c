-- Schemas of the warehouse, from landing to what users query.
create schema if not exists raw;
create schema if not exists ref;
create schema if not exists audit;
create schema if not exists staging;
create schema if not exists marts;
