"""Turn the bytes of a saved report into text, or say why that is impossible.

Web pages saved by people come in UTF-8 most of the time, but also in
Windows-1252 (curly quotes as bytes 0x91-0x94), Latin-1 and UTF-16 with a byte
order mark, and now and then UTF-8 with a pasted Windows-1252 paragraph, read
piece by piece. Anything else is tried with charset-normalizer and accepted only
when the result reads like text; otherwise the file is skipped with a reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people drop into a folder of reports by mistake.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel document)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"SQLite format 3", "an SQLite database"),
)

#: Bytes looked at to tell a binary file or UTF-16 without a byte order mark: a page's first screenful.
SNIFF_BYTES = 8192
#: Bytes whose zero-byte pattern tells UTF-16 from ASCII-range text, and the fewest that can tell.
UTF16_SAMPLE_BYTES = 4096
UTF16_MIN_BYTES = 8
#: UTF-16 of mostly ASCII text has a zero in (nearly) every other byte and (nearly) none between.
UTF16_ZERO_SHARE = 0.4
UTF16_NONZERO_SHARE = 0.05
#: Bytes charset-normalizer reads to guess an encoding: a megabyte is plenty, and bounds its time.
GUESS_BYTES = 1_000_000
#: Western text decoded as Latin-1/Windows-1252 is mostly ASCII; more than this share of other
#: characters means another single-byte encoding (Cyrillic, Greek...) that only looks decodable.
WESTERN_NON_ASCII_SHARE = 0.2
#: Characters checked for control and unassigned characters, and the share of them text may hold.
TEXT_SAMPLE_CHARS = 200_000
TEXT_BAD_SHARE = 0.01

#: A valid multi-byte UTF-8 sequence. Windows-1252 text almost never forms one by accident (an
#: accented capital followed at once by a curly quote or dash), so one such sequence in bytes that
#: are not UTF-8 as a whole means UTF-8 text with Windows-1252 pasted in: decoded piece by piece.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: The encoding recorded for such text.
MIXED_ENCODING = "utf-8+cp1252"
_MIXED_ERRORS = "dateline-cp1252"

# Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
#: Each byte as Windows-1252 reads it, its five undefined bytes as Latin-1 does.
_CP1252_CHARS = tuple(bytes([b]).decode("latin-1" if _CP1252_UNDEFINED.match(bytes([b])) else "cp1252") for b in range(256))


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refused as Windows-1252 (Latin-1 for its five undefined bytes)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(_CP1252_CHARS[b] for b in error.object[error.start : error.end]), error.end


codecs.register_error(_MIXED_ERRORS, _as_cp1252)


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read with."""

    text: str
    encoding: str


class UndecodableError(ValueError):
    """The bytes are not text dateline can read; the message says why."""


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None if it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if _utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes)"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; ``declared`` is a charset stated by the container (HTTP, meta tag).

    Raises UndecodableError when no encoding gives readable text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding.replace("-sig", "")), encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"starts with a {encoding} byte order mark but is not valid {encoding}") from exc
    guessed16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if guessed16:
        try:
            return Decoded(data.decode(guessed16), guessed16)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _reads_like_text(text):
            raise UndecodableError("undecodable bytes: valid UTF-8 but mostly control characters, not text")
        return Decoded(text, "utf-8")
    if declared:
        try:
            text = data.decode(declared)
            if _reads_like_text(text):
                return Decoded(text, codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    mixed = _decode_mixed(data)
    if mixed:
        return mixed
    western = _decode_western(data)
    if western:
        return western
    best = from_bytes(data[:GUESS_BYTES]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            text = ""
        if text and _reads_like_text(text):
            return Decoded(text, best.encoding)
    raise UndecodableError("undecodable bytes: not UTF-8, UTF-16, Windows-1252, Latin-1 or another encoding that reads as text")


def _utf16_without_bom(head: bytes) -> str | None:
    """Guess UTF-16 from the pattern of zero bytes that ASCII text leaves in it."""
    sample = head[:UTF16_SAMPLE_BYTES]
    if len(sample) < UTF16_MIN_BYTES:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > UTF16_ZERO_SHARE and even_zero < UTF16_NONZERO_SHARE:
        return "utf-16-le"
    if even_zero > UTF16_ZERO_SHARE and odd_zero < UTF16_NONZERO_SHARE:
        return "utf-16-be"
    return None


def _decode_mixed(data: bytes) -> Decoded | None:
    """UTF-8 with Windows-1252 pieces: valid UTF-8 runs read as UTF-8, the rest as Windows-1252.

    Called once ``data`` failed as UTF-8; accepted only when it also holds
    valid multi-byte UTF-8 and the result reads like Western text. The encoding
    recorded, MIXED_ENCODING, says the file was mixed.
    """
    if _UTF8_MULTIBYTE.search(data) is None:
        return None
    text = data.decode("utf-8", _MIXED_ERRORS)
    if not _reads_like_western_text(text):
        return None
    return Decoded(text, MIXED_ENCODING)


def _reads_like_western_text(text: str) -> bool:
    """Text, and mostly ASCII as Western text is (see WESTERN_NON_ASCII_SHARE)."""
    if not _reads_like_text(text):
        return False
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))  # in C, not a loop per character
    return non_ascii <= WESTERN_NON_ASCII_SHARE * max(1, len(text))


def _decode_western(data: bytes) -> Decoded | None:
    """Windows-1252 or Latin-1, accepted only when the result reads like Western text."""
    if _CP1252_UNDEFINED.search(data) is None:
        encoding = "cp1252" if _C1_BYTES.search(data) else "latin-1"
        text = data.decode(encoding)
    else:
        encoding, text = "latin-1", data.decode("latin-1")
    if not _reads_like_western_text(text):
        return None
    return Decoded(text, encoding)


def _reads_like_text(text: str) -> bool:
    """True when control and unassigned characters are rare.

    Each distinct character is looked up once and the bad ones counted with
    ``str.count``: a page has a few hundred distinct characters in 100,000, and
    a lookup per character was most of decoding's time.
    """
    if not text:
        return False
    sample = text[:TEXT_SAMPLE_CHARS]
    bad = sum(sample.count(ch) for ch in set(sample) if _is_bad_char(ch))
    return bad <= TEXT_BAD_SHARE * len(sample)


def _is_bad_char(ch: str) -> bool:
    """A control, unassigned or private-use character, other than the white space text uses."""
    return unicodedata.category(ch) in ("Cc", "Cn", "Co") and ch not in "\n\r\t\f"
