"""A checksum per table of a warehouse, and the comparison of two warehouses table by table.

    .venv/bin/python benchmarks/compare_tables.py BEFORE.duckdb [AFTER.duckdb]

For every table of the schemas raw, ref, staging, marts and audit: the row count and the sum of
the rows' hashes (order-independent, and unlike a XOR a repeated row still counts). Columns of
a timestamp type hold the build's load or check time, which differs from one build to the
next: each is hashed as its dense rank within the table instead, so the order of loads still
counts but not the clock. In audit they are left out: audit.loads.loaded_at is the second each
loader started, so whether two loaders share one depends on the clock; audit.check_results
also holds the run id, a random name, also left out.
With two files, prints one line per table (equal / differs / only in one) and exits 1 when any
table differs. Nothing is written to either file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

SCHEMAS = ("raw", "ref", "staging", "marts", "audit")
VOLATILE = {("audit", "check_results", "run_id")}  # a fresh id per run


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def checksums(database: Path) -> dict[str, tuple[int, int]]:
    """{schema.table: (rows, checksum)} of every table of SCHEMAS."""
    con = duckdb.connect(database.as_posix(), read_only=True)
    try:
        columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, type_ in con.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns c join information_schema.tables t "
            "using (table_catalog, table_schema, table_name) "
            "where table_schema in (select unnest(?)) and t.table_type = 'BASE TABLE' "
            "order by table_schema, table_name, ordinal_position",
            [list(SCHEMAS)],
        ).fetchall():
            if (schema, table, column) in VOLATILE:
                continue
            if schema == "audit" and type_.startswith("TIMESTAMP"):
                continue
            columns.setdefault((schema, table), []).append((column, type_))
        result = {}
        for (schema, table), cols in sorted(columns.items()):
            # names from the file's own catalog, quoted
            values = [
                f"dense_rank() over (order by {_quoted(c)})"
                if t.startswith("TIMESTAMP")
                else _quoted(c)
                for c, t in cols
            ]
            aliased = ", ".join(f"{v} as c{i}" for i, v in enumerate(values))
            row = ", ".join(f"c{i}" for i in range(len(values)))
            query = (
                f"with t as (select {aliased} from {_quoted(schema)}.{_quoted(table)}) "
                f"select count(*), coalesce(sum(hash(row({row}))::hugeint), 0) from t"
            )
            rows, checksum = con.execute(query).fetchone()
            result[f"{schema}.{table}"] = (rows, int(checksum))
        return result
    finally:
        con.close()


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    first = checksums(Path(sys.argv[1]))
    if len(sys.argv) == 2:
        for table, (rows, checksum) in first.items():
            print(f"{table:45} {rows:>10} {checksum}")
        return 0
    second = checksums(Path(sys.argv[2]))
    differing = 0
    for table in sorted(first.keys() | second.keys()):
        if table not in second or table not in first:
            status = "only in " + ("the first" if table in first else "the second")
            differing += 1
        elif first[table] == second[table]:
            status = "equal"
        else:
            status = f"differs: {first[table]} vs {second[table]}"
            differing += 1
        rows = first.get(table, second.get(table))[0]
        print(f"{table:45} {rows:>10}  {status}")
    same = len(first.keys() & second.keys()) - sum(
        1 for t in first.keys() & second.keys() if first[t] != second[t]
    )
    print(f"{same} tables equal, {differing} differ or are missing on one side")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
