"""`autoexport ui` serves this project's assets on 127.0.0.1, and stops cleanly."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

AUTOEXPORT = str(Path(sys.executable).with_name("autoexport"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_ui_lists_the_project_assets(tmp_path):
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster")}
    server = subprocess.Popen(
        [AUTOEXPORT, "ui", "--port", str(port), "--warehouse", str(tmp_path / "w.duckdb")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that the webserver's children stop with it
    )
    try:
        deadline, nodes = time.monotonic() + 120, None
        while time.monotonic() < deadline and nodes is None:
            try:
                nodes = _graphql(port, "{ assetNodes { assetKey { path } } }")["data"]
            except OSError:
                time.sleep(1)
        assert nodes is not None, "the UI did not answer within 120 s"
        keys = {"/".join(node["assetKey"]["path"]) for node in nodes["assetNodes"]}
        assert {"raw/customs_rows", "marts/exports_by_destination", "published_warehouse"} <= keys
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
