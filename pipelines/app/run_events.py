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

Each run's database, and a new DAGSTER_HOME's index, start as empty SQLite files with Dagster's
schema. The stock class makes each with SQLAlchemy's ``create_all`` and an alembic stamp that
loads every migration script: about 0.5 s for every run and more for a new DAGSTER_HOME. Here
the stock class makes them once per Dagster version, in a scratch folder, and a new run's or
DAGSTER_HOME's file is a copy of those (kept in the user's cache, pipelines/lib/user_cache.py).
An existing index whose alembic revision is the templates' is not checked again either.

Used only when DAGSTER_HOME's dagster.yaml leaves storage at its default: a configured storage
(PostgreSQL, ...) is used as configured.
"""

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import dagster as dg
import sqlalchemy
from dagster._core.instance.config import dagster_instance_config
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.pool import StaticPool

from pipelines.lib.user_cache import cache_dir

_STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


class RunEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with one open connection per run or index database."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: dict[str, sqlalchemy.Engine] = {}
        self._schema_answers: dict[tuple[str, str], bool] = {}
        # a new DAGSTER_HOME's index copied from the template: the stock __init__ then finds it
        templates = _templates()
        if templates:
            Path(base_dir).mkdir(parents=True, exist_ok=True)
            _copy_new(templates.index, Path(base_dir) / f"{INDEX_SHARD_NAME}.db")
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
                if not self._from_template(shard):
                    self._initdb(engine)  # the stock schema and WAL mode, as the parent does
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sqlalchemy.Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def _from_template(self, shard: str) -> bool:
        """Whether ``shard``'s database is ready without the stock check: a new run's copied
        from the template, or one at the templates' alembic revision."""
        templates = _templates()
        if templates is None:
            return False
        path = Path(self.path_for_shard(shard))
        if shard != INDEX_SHARD_NAME and _copy_new(templates.run, path):
            return True
        return _alembic_revision(path) == templates.revision

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


class _Templates:
    def __init__(self, folder: Path):
        self.index = folder / f"{INDEX_SHARD_NAME}.db"
        self.run = folder / "run.db"
        self.revision = _alembic_revision(self.run, template=True)


@cache
def _templates() -> _Templates | None:
    """An index and a run database made by the stock class, once per Dagster version (None
    when they cannot be made or read: each database is then made the stock way)."""
    folder = cache_dir() / f"dagster-{dg.__version__}-run-history"
    if not (folder / "run.db").exists():
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
                made = Path(scratch) / "made"
                storage = SqliteEventLogStorage(str(made))  # makes the index
                with storage.run_connection("run"):  # makes a run's database
                    pass
                storage.dispose()
                os.replace(made, folder)
        except (OSError, sqlalchemy.exc.SQLAlchemyError, sqlite3.Error):
            pass  # another process may have just made them
    templates = _Templates(folder)
    return templates if templates.revision else None


def _alembic_revision(path: Path, template: bool = False) -> str | None:
    """The revision a database is stamped with. A template never changes once made: read as
    immutable, which leaves no WAL or shared-memory file beside it to be copied."""
    if not path.is_file():
        return None
    try:
        if template:
            con = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        else:
            con = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error:
        return None
    try:
        rows = con.execute("select version_num from alembic_version").fetchall()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return rows[0][0] if len(rows) == 1 else None


def _copy_new(template: Path, target: Path) -> bool:
    """Copy ``template`` to ``target`` if there is no such file yet (a link of a finished copy,
    so a reader never sees half a file and a file made meanwhile is kept)."""
    if target.exists():
        return False
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(template, partial)
        os.link(partial, target)
    except OSError:
        return False
    finally:
        partial.unlink(missing_ok=True)
    return True


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
