-- A warehouse staged before staging.vehicle_export_rows flagged each row with the purposes its
-- breakdown serves had one row per purpose (a purpose column): the table is dropped, and
-- warehouse_sql.ensure_schema then builds staging/vehicle_export_rows.sql again over all time
-- from the staged trade rows (its rows of a row per purpose cannot be told apart to fold them).
drop table staging.vehicle_export_rows;
