"""Detect the text encoding of a download and stream it to UTF-8 for DuckDB's CSV reader."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

SAMPLE_BYTES = 64 * 1024
_CHUNK = 4 * 1024 * 1024
# GACC writes GB18030 (a superset of GBK and GB2312) or UTF-8; nothing else is plausible.
_CANDIDATES = ["utf_8", "gb18030"]


class EncodingError(ValueError):
    """The file is not text in an encoding the platform writes."""


def detect_encoding(head: bytes) -> str:
    """Return a Python codec name for a file that starts with ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in head:
        raise EncodingError("binary file (NUL bytes), not a CSV text download")
    try:
        # a multi-byte character cut by the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SAMPLE_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # A sample cut inside a character makes charset-normalizer reject GB18030 outright (a
    # download larger than the sample is cut there about half the time): judge whole lines.
    if len(head) >= SAMPLE_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n") + 1]
    best = from_bytes(head, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise EncodingError("not text in UTF-8 or GB18030")
    return "utf-8" if best.encoding in ("utf_8", "ascii") else "gb18030"


def transcode_to_utf8(source: Path, target: Path, encoding: str) -> None:
    """Re-encode ``source`` into ``target`` as UTF-8 without BOM, in bounded memory."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(_CHUNK):
            try:
                dst.write(decoder.decode(chunk).encode("utf-8"))
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"invalid {encoding} bytes at offset {offset + exc.start}"
                ) from exc
            offset += len(chunk)
        try:
            dst.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError as exc:
            raise EncodingError(f"file ends inside a {encoding} character") from exc
