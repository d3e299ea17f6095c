"""Decide the text encoding of a landing file by rule, and stream it to UTF-8 for DuckDB.

GACC and the government sites write UTF-8 (with or without BOM) or GB18030 (a superset of GBK
and GB2312); nothing else is plausible. So the encoding is decided by strict decoding, never by
a guesser: a BOM says UTF-8; NUL bytes say binary; bytes that decode as UTF-8 are UTF-8 (real
GB18030 text with Chinese in it is almost never valid UTF-8); else bytes that decode strictly as
GB18030 are GB18030; else the file is refused, naming the first byte neither can read.
A character cut by the end of a sample (the file goes on) is not an error in either encoding.
"""

from __future__ import annotations

import codecs
from pathlib import Path

SAMPLE_BYTES = 64 * 1024
_CHUNK = 4 * 1024 * 1024
# what the codecs say of bytes that stop inside a character
_INCOMPLETE = ("unexpected end of data", "incomplete multibyte sequence")


class EncodingError(ValueError):
    """The file is not text in an encoding the platform writes."""


def _first_bad_offset(data: bytes, encoding: str, final: bool) -> int | None:
    """Offset of the first byte ``encoding`` cannot decode (len(data) when ``data`` ends inside
    a character); None when all of ``data`` decodes (with ``final`` False, an incomplete
    character at the end is left for later bytes)."""
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=final)
    except UnicodeDecodeError as exc:
        incomplete = final and exc.end == len(data) and exc.reason in _INCOMPLETE
        return len(data) if incomplete else exc.start
    return None


def detect_encoding(head: bytes, complete: bool | None = None) -> str:
    """The Python codec of a file whose first bytes are ``head``: utf-8-sig, utf-8 or gb18030.

    ``complete`` says whether ``head`` is the whole file; by default a head shorter than
    SAMPLE_BYTES is taken as the whole file (a character cut at its end is then an error).
    """
    if complete is None:
        complete = len(head) < SAMPLE_BYTES
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in head:
        raise EncodingError("binary file (NUL bytes), not a CSV text download")
    utf8_bad = _first_bad_offset(head, "utf-8", final=complete)
    if utf8_bad is None:
        return "utf-8"
    gb_bad = _first_bad_offset(head, "gb18030", final=complete)
    if gb_bad is None:
        return "gb18030"
    # neither: name the byte where the reading that got further stopped
    offset = max(utf8_bad, gb_bad)
    raise EncodingError(
        f"not text in UTF-8 or GB18030: byte 0x{head[offset]:02X} at offset {offset} "
        "cannot be decoded"
        if offset < len(head)
        else "not text in UTF-8 or GB18030: the file ends inside a character"
    )


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, codec) of a whole file held in memory, by the same rule; codec never has -sig."""
    encoding = detect_encoding(data, complete=True)
    if encoding == "utf-8-sig":
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8"
    return data.decode(encoding), encoding


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
