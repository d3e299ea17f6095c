"""The user's cache folder for autoexport: files any process may rebuild, never data.

``$XDG_CACHE_HOME/autoexport`` (``~/.cache/autoexport`` when unset). What is kept here saves
start-up work (parsed SQL, empty run-history databases); a file that is missing, damaged or
cannot be written costs that work again, nothing else.
"""

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "autoexport"


def replace_file(target: Path, write) -> bool:
    """Write ``target`` whole through ``write(handle)`` on a temp file renamed into place, so
    processes in parallel never see half a file; False if it could not be written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
            write(handle)
        os.replace(handle.name, target)
    except OSError:
        return False
    return True
