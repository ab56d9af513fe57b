import codecs
import random

import pytest

from dateline.ingest.decode import UndecodableError, decode_bytes, sniff_binary

TEXT = "“Curly quotes” and café prices – €4.50 – in Köln."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
        ("Les élèves du lycée ont visité le musée.".encode("latin-1"), "latin-1"),
        (("A plain English report about the harbour. " * 5).encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_common_encodings_are_detected_and_decoded(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert "harbour" in decoded.text or "élèves" in decoded.text or decoded.text == TEXT


def test_a_declared_charset_is_used_when_utf8_fails():
    data = "Ελληνικά νέα από την Αθήνα".encode("iso-8859-7")
    assert decode_bytes(data, declared="iso-8859-7").text == "Ελληνικά νέα από την Αθήνα"


def test_random_bytes_are_refused_with_a_reason():
    data = random.Random(7).randbytes(4000).replace(b"\x00", b"\x01")
    with pytest.raises(UndecodableError, match=r"^undecodable bytes: not UTF-8"):
        decode_bytes(data)


def test_control_characters_are_not_text_even_when_valid_utf8():
    with pytest.raises(UndecodableError, match="mostly control characters"):
        decode_bytes(bytes(range(1, 32)) * 40)


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\x00\x01\x02\x03\x00binary", "NUL bytes"),
    ],
)
def test_binary_formats_are_named(data, name):
    assert name in sniff_binary(data)


def test_utf16_text_is_not_mistaken_for_binary():
    assert sniff_binary("Hello there, a report.".encode("utf-16-le")) is None
    assert sniff_binary(codecs.BOM_UTF16_LE + "Hi".encode("utf-16-le")) is None
