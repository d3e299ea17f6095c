"""The run history of a CLI build, written to DAGSTER_HOME at a fraction of the stock cost.

Dagster's default SQLite event log opens a new SQLAlchemy engine and connection for every
event, commits it with an fsync, and closes the connection (which checkpoints the WAL, another
fsync). A build of the bundled sample writes about 1,300 events: in a profile of it these
writes were about a quarter of the build's wall time. The storage here writes the same rows to
the same files (the UI, the daemon and later builds read them with the stock class), but keeps
one connection per database open for the run and commits with ``synchronous=NORMAL``, SQLite's
setting for WAL databases: a commit is durable once the WAL is synced at its next checkpoint,
and a power cut can lose the last events but never damages a file. A build killed that way is
marked failed by the next one (build_runner._fail_dead_runs).

The stock class also asks SQLite's catalog, on every asset or check event, whether a table or
column exists (``has_table`` opens a new engine each time: about 11 ms, 1.5 s of a sample
build). A run never migrates its storage, so the answers are kept for the life of the storage.

Used only when DAGSTER_HOME's dagster.yaml leaves storage at its default: a configured storage
(PostgreSQL, ...) is used as configured.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import sqlalchemy
from dagster._core.instance.config import dagster_instance_config
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.pool import StaticPool

_STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


class RunEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with one open connection per run or index database."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: dict[str, sqlalchemy.Engine] = {}
        self._schema_answers: dict[tuple[str, str], bool] = {}
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> "RunEventLogStorage":
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> sqlalchemy.Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = sqlalchemy.create_engine(
                self.conn_string_for_shard(shard),
                # one connection, kept: the run's steps write one after another (under _db_lock)
                poolclass=StaticPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            sqlalchemy.event.listen(engine, "connect", _synchronous_normal)
            if shard not in self._initialized_dbs:
                self._initdb(engine)  # the stock schema and WAL mode, as the parent does
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sqlalchemy.Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def _schema_answer(self, question: tuple[str, str], ask) -> bool:
        answer = self._schema_answers.get(question)
        if answer is None:
            answer = self._schema_answers[question] = bool(ask())
        return answer

    def has_table(self, table_name: str) -> bool:
        parent = super()
        return self._schema_answer(("table", table_name), lambda: parent.has_table(table_name))

    def _has_asset_key_col_on_connection(self, conn, column_name: str) -> bool:
        parent = super()
        return self._schema_answer(
            ("asset_keys column", column_name),
            lambda: parent._has_asset_key_col_on_connection(conn, column_name),
        )

    def has_secondary_index(self, name: str) -> bool:
        parent = super()
        return self._schema_answer(("index", name), lambda: parent.has_secondary_index(name))

    def dispose(self) -> None:
        super().dispose()
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


def _synchronous_normal(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def build_instance(dagster_home: Path) -> dg.DagsterInstance:
    """The Dagster instance of DAGSTER_HOME; its event log written by RunEventLogStorage when
    dagster.yaml leaves storage at its default (SQLite files under DAGSTER_HOME/history)."""
    config, _custom_class = dagster_instance_config(str(dagster_home))
    if any(config.get(key) for key in _STORAGE_KEYS):
        return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home)))
    overrides = {
        "event_log_storage": {
            "module": __name__,
            "class": RunEventLogStorage.__name__,
            "config": {"base_dir": str(dagster_home / "history" / "runs")},
        }
    }
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home), overrides=overrides))
