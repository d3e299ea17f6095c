"""Debian's chromium, headless and offline, for the tests that render pages the project writes."""

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def run_chromium(
    page: Path, profile: Path, *args: str, timeout: float
) -> subprocess.CompletedProcess:
    """Open ``page`` with a fresh profile; no host name resolves, so nothing reaches a network."""
    assert Path(CHROMIUM).exists(), "headless Chromium is needed: apt-get install -y chromium"
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
