"""One DuckDB database instance on the build file for the length of a run.

Opening a DuckDB file reads its catalog, and closing its last connection checkpoints it and
frees its buffers: 10-15 ms each time, and a run of the sample opened the build file about 170
times (every table, check and suite, and GX's own connections). While a run holds the file
(``holding``), the first connection opens it once and keeps it open, and every connection the
run asks for is a cursor of that one: the same database, no second open.

It also keeps the process to one configuration per file: DuckDB refuses a second connection
with another one (read-only beside read-write, another memory limit), so checks and GX, which
open the build file read-only outside a run, share the run's connection inside it (and open it
for the run when they are the first to ask). They run project SQL only, so read-only was a
safeguard, not something they rely on.

The held connection is closed when the run ends, and before the file is published or
discarded: closing checkpoints it, so the renamed file is whole on its own. It is also closed
after a step that left much data in DuckDB's buffers (``let_go_if_large``): an open database
keeps what it read, and on 10M rows that raised a build's peak from 2.0 to 2.6 GiB. Closing
frees it; the next step opens the file again, once. Between the tables or checks of one step
(``one_step``) the file is let go only above IN_STEP_BYTES_LIMIT: with the step's limit after
each of them, a month's run on 10M rows opened the file again for nearly every check and
suite (15-20 ms each time, a seventh of the run), and a full build lost 6 s re-reading what
it had just let go. The step's end applies RETAINED_BYTES_LIMIT as after any step.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

_LOCK = threading.Lock()
_ELIGIBLE: set[Path] = set()  # files whose runs are in progress: the first connection is kept
_HELD: dict[Path, duckdb.DuckDBPyConnection] = {}
_IN_STEP: dict[Path, int] = {}  # files in a step of many tables or checks: IN_STEP_BYTES_LIMIT
# buffers a held database may keep between steps (the sample build keeps about 1.5 MiB), and
# between the tables or checks of one step
RETAINED_BYTES_LIMIT = 32 * 2**20
IN_STEP_BYTES_LIMIT = 256 * 2**20


def _key(path: Path) -> Path:
    return Path(path).absolute()


@contextmanager
def holding(path: Path) -> Iterator[None]:
    """For the length of a run: the first connection to ``path`` stays open for the others."""
    key = _key(path)
    with _LOCK:
        _ELIGIBLE.add(key)
    try:
        yield
    finally:
        with _LOCK:
            _ELIGIBLE.discard(key)
        release(path)


def release(path: Path) -> None:
    """Close the connection held on ``path`` (checkpointing it), if one is held."""
    with _LOCK:
        con = _HELD.pop(_key(path), None)
    if con is not None:
        con.close()


@contextmanager
def one_step(path: Path) -> Iterator[None]:
    """The tables or checks of one step share the held connection: until the step ends,
    ``let_go_if_large`` lets it go only above IN_STEP_BYTES_LIMIT."""
    key = _key(path)
    with _LOCK:
        _IN_STEP[key] = _IN_STEP.get(key, 0) + 1
    try:
        yield
    finally:
        with _LOCK:
            _IN_STEP[key] -= 1
            if not _IN_STEP[key]:
                del _IN_STEP[key]
        let_go_if_large(path)


def let_go_if_large(path: Path) -> None:
    """After a step: close the held connection if its database keeps more than
    RETAINED_BYTES_LIMIT in memory, so a large build holds no more between steps than it did
    when every step opened the file itself. Inside ``one_step``, above IN_STEP_BYTES_LIMIT."""
    key = _key(path)
    with _LOCK:
        held = _HELD.get(key)
        limit = IN_STEP_BYTES_LIMIT if key in _IN_STEP else RETAINED_BYTES_LIMIT
    if held is None:
        return
    cursor = held.cursor()
    try:
        (used,) = cursor.execute(
            "select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory()"
        ).fetchone()
    finally:
        cursor.close()
    if used > limit:
        release(path)


def is_held(path: Path) -> bool:
    with _LOCK:
        return _key(path) in _HELD


def connect_duckdb(
    path: Path, *, read_only: bool = False, config: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``, for the caller to close.

    A cursor of the held connection when a run holds ``path`` (``read_only`` and ``config``
    then are the held connection's: see the module's docstring); otherwise its own connection,
    kept as the held one when a run is in progress on ``path`` and nothing else reads it.
    """
    key = _key(path)
    with _LOCK:
        held = _HELD.get(key)
        if held is None and key in _ELIGIBLE:
            held = _HELD[key] = duckdb.connect(key.as_posix(), config=config or {})
        if held is not None:
            return held.cursor()
    return duckdb.connect(key.as_posix(), read_only=read_only, config=config or {})


def sqlalchemy_engine_kwargs(path: Path) -> dict:
    """create_engine arguments for a read-only duckdb-engine connection to ``path``, a cursor of
    the held connection when a run holds it (duckdb-engine adds its own configuration, which
    DuckDB would refuse beside the held connection's)."""
    with _LOCK:
        held = _HELD.get(_key(path))
    if held is None:
        return {"connect_args": {"read_only": True}}
    from duckdb_engine import ConnectionWrapper

    return {"creator": lambda: ConnectionWrapper(held.cursor())}
