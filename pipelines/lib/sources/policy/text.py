"""Text helpers shared by the policy parsers: decoding, labels, numerals, dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pipelines.lib.sources.policy.model import PolicyFileRejected
from pipelines.lib.text_encoding import EncodingError, decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS |= {"八": 8, "九": 9, "两": 2}
_DATE_FORMATS = ("%Y年%m月%d日", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, codec) of a saved page or registry by the rule all landing text follows
    (text_encoding: UTF-8, else GB18030, else refused); the page's <meta charset> is not
    trusted. An empty file or bytes that are no such text reject the file."""
    if not data.strip():
        raise PolicyFileRejected("empty file")
    try:
        return decode_bytes(data)
    except EncodingError as exc:
        raise PolicyFileRejected(str(exc)) from exc


def declared_charset(data: bytes) -> str | None:
    """The charset a page claims in its <meta> tag (lower case), if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def compact(text: str) -> str:
    """NFKC (full-width → ASCII, &nbsp; → space) with every whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def clean(text: str) -> str:
    """Trim page whitespace (&nbsp;, full-width spaces, line breaks) and collapse inner runs."""
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    return re.sub(r"\s+", " ", text).strip()


def chinese_number(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三十五 → 35 (measure and section numbers up to 99)."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        if len(numeral) != 1 or numeral not in _DIGITS:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
        return _DIGITS[numeral]
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1:
        raise ValueError(f"not a Chinese numeral below 100: {numeral!r}")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def parse_date(text: str | None) -> dt.date | None:
    """2020年10月20日, 2020-11-02, 2020/11/02 or 2020.11.02 → date; anything else → None."""
    if not text:
        return None
    value = compact(text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
