-- A warehouse staged before staging.customs_lines carried the commodity name: add the column
-- and fill it from raw once (warehouse_sql.ensure_schema runs this file only when the
-- column is missing; a check on every build would probe 10M raw rows each time).
alter table staging.customs_lines add column commodity_name varchar;

update staging.customs_lines as staged
set commodity_name = nullif(trim(rows_.commodity_name), '')
from raw.customs_rows as rows_
where
    staged.sha256 = rows_.sha256
    and staged.row_number = rows_.row_number;
