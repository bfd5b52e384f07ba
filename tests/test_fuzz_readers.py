"""Seeded mutations of the shipped report, and of PDF and Word files made from it.

The property every mutated input must have: it gives the attendance table of the
unmutated report, or one of the package's own errors (``AnalysisError``) in one line
naming the input. Never another exception, never a shorter (or otherwise different)
table. Mutations that only change how the text is produced (format characters,
spaces a justified line adds, full-width forms, CJK radicals) must give the same table.

Mutations: cuts, junk, format characters, other encodings, changed digits, shuffled
paragraphs, flipped bytes in the text; cuts, flipped bytes, junk and zeroed or
repeated runs of bytes in the PDF and the Word file. Half of the positions are drawn
inside the attendance section (paragraphs 39-43), where a mistake costs a row. The
generator is ``random.Random`` with fixed seeds, so a failure reproduces; the whole
file runs in well under 20 s on one core.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pylopdf_fonts_zh_cn
import pytest

from analysis.attendance import parse_attendance
from analysis.errors import AnalysisError
from analysis.report import report_from_bytes
from tests.conftest import REPORT_ZH
from tests.un_documents import Layout, truetype_cut, write_docx, write_pdf

pytestmark = pytest.mark.slow  # about 20 s of seeded mutations

TEXT = REPORT_ZH.read_text(encoding="utf-8")
SECTION = (TEXT.index("\n39. "), TEXT.index("\n44. "))
"""Where paragraphs 39-43 stand in the text."""
FORMAT_CHARACTERS = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b",
                     "\u202c", "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068",
                     "\u2069", "\ufeff", "\u00ad", "\u061c"]
JUNK = [*"、，。:：；;.()（）和及-–\n\t 0123456789AZaz", "\n\n", "\f", "\x00", "\ufffd", "下列",
        "出席", "缔约方", "39. ", "42. ", "智利", "欧洲联盟"]
CJK = "\u3000-\u303f\u4e00-\u9fff"


def rows(table) -> list[tuple]:
    """What the attendance table says: who, in which paragraph, category and place."""
    return table.select("paragraph", "attended_as", "position", "entity_id").rows()


EXPECTED = rows(parse_attendance(report_from_bytes(REPORT_ZH.read_bytes())))


def outcome(data: bytes, source: str) -> list[tuple] | str:
    """The table's rows, or ``"error"`` for a one-line error naming the input.

    Any exception but ``AnalysisError`` propagates and fails the test.
    """
    try:
        return rows(parse_attendance(report_from_bytes(data, source=source)))
    except AnalysisError as error:
        message = str(error)
        assert message.startswith(f"{source}: ") and "\n" not in message, message
        assert len(message) < 2000, message
        return "error"


def _position(rng: random.Random, size: int, section: tuple[int, int] | None) -> int:
    """A position in ``[0, size)``: half of the time inside ``section``."""
    if section and rng.random() < 0.5:
        return rng.randrange(*section)
    return rng.randrange(size)


# Mutations of the text: each takes the generator and the text and returns bytes.

def cut(rng: random.Random, text: str) -> bytes:
    return text[:_position(rng, len(text), SECTION)].encode()


def junk(rng: random.Random, text: str) -> bytes:
    for _ in range(rng.randint(1, 3)):
        at = _position(rng, len(text), SECTION)
        text = text[:at] + "".join(rng.choices(JUNK, k=rng.randint(1, 3))) + text[at:]
    return text.encode()


def changed_digit(rng: random.Random, text: str) -> bytes:
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    inside = [i for i in digits if SECTION[0] <= i < SECTION[1]]
    at = rng.choice(inside if rng.random() < 0.5 else digits)
    return (text[:at] + rng.choice("0123456789".replace(text[at], "")) + text[at + 1:]).encode()


def shuffled(rng: random.Random, text: str) -> bytes:
    blocks = text.split("\n\n")
    inside = [i for i, block in enumerate(blocks) if block.lstrip()[:3] in
              ("38.", "39.", "40.", "41.", "42.", "43.", "44.")]
    i, j = rng.sample(inside if rng.random() < 0.7 else range(len(blocks)), 2)
    blocks[i], blocks[j] = blocks[j], blocks[i]
    return "\n\n".join(blocks).encode()


def encoded(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "big5",
                           "gbk", "latin-1", "utf-8-sig", "cp1252"])
    return text.encode(encoding, errors="replace")


def flipped(rng: random.Random, text: str) -> bytes:
    data = bytearray(text.encode())
    start, end = len(text[:SECTION[0]].encode()), len(text[:SECTION[1]].encode())
    for _ in range(rng.randint(1, 3)):
        data[_position(rng, len(data), (start, end))] ^= rng.randint(1, 255)
    return bytes(data)


# Mutations that change only how the text was produced: the table must not change.

def format_characters(rng: random.Random, text: str) -> bytes:
    """Invisible characters inside words (where a producer puts them), never at a line end."""
    for _ in range(rng.randint(1, 12)):
        at = _position(rng, len(text), SECTION)
        if text[at - 1:at + 1].strip() == text[at - 1:at + 1]:
            text = text[:at] + rng.choice(FORMAT_CHARACTERS) + text[at:]
    return text.encode()


def justified(rng: random.Random, text: str) -> bytes:
    """Runs of spaces between Chinese characters, and widened spaces."""
    out = list(text)
    for i in range(1, len(text)):
        inside = SECTION[0] <= i < SECTION[1]
        if rng.random() < (0.05 if inside else 0.005) and (
                (_is_cjk(text[i - 1]) and _is_cjk(text[i])) or text[i] == " "):
            out[i] = " " * rng.randint(1, 4) + text[i]
    return "".join(out).encode()


def full_width(rng: random.Random, text: str) -> bytes:
    """ASCII digits, letters and punctuation in their full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and rng.random() < 0.3 else c
                   for c in text).encode()


def radicals(rng: random.Random, text: str) -> bytes:
    """Characters as a CJK radical (Kangxi or supplement) where Unicode has one."""
    forms = {"马": "\u2ee2", "门": "\u2ed4", "人": "\u2f08", "言": "\u2f94", "长": "\u2ed3",
             "见": "\u2ec5", "金": "\u2fa6", "风": "\u2edb", "车": "\u2ecb", "鱼": "\u2ee5"}
    return "".join(forms[c] if c in forms and rng.random() < 0.7 else c for c in text).encode()


def _is_cjk(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff"


LOSSY = [cut, junk, changed_digit, shuffled, encoded, flipped]
HARMLESS = [format_characters, justified, full_width, radicals]


@pytest.mark.parametrize("mutate", LOSSY, ids=lambda f: f.__name__)
def test_a_damaged_text_gives_the_same_table_or_one_error(mutate: Callable):
    rng = random.Random(f"text-{mutate.__name__}")
    seen = []
    for case in range(14):
        data = mutate(rng, TEXT)
        result = outcome(data, f"{mutate.__name__}-{case}.txt")
        assert result in ("error", EXPECTED), f"{mutate.__name__} case {case}: another table"
        seen.append(result == "error")
    assert any(seen), "no mutation was caught: the mutations are too gentle to test anything"


@pytest.mark.parametrize("mutate", HARMLESS, ids=lambda f: f.__name__)
def test_what_producers_do_to_text_changes_nothing(mutate: Callable):
    rng = random.Random(f"text-{mutate.__name__}")
    for case in range(6):
        data = mutate(rng, TEXT)
        assert data != TEXT.encode()
        assert outcome(data, f"{mutate.__name__}-{case}.txt") == EXPECTED, \
            f"{mutate.__name__} case {case}"


# Mutations of the bytes of a PDF or Word file.

def byte_cut(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(1, len(data))]


def byte_flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


def byte_junk(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def byte_zeroed(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    size = rng.randint(1, 512)
    return data[:at] + bytes(min(size, len(data) - at)) + data[at + size:]


def byte_repeated(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at:at + rng.randint(1, 256)] * 2 + data[at + 256:]


BYTE_MUTATIONS = [byte_cut, byte_flip, byte_junk, byte_zeroed, byte_repeated]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, bytes]:
    """The shipped report as Word and, its attendance section, as PDF.

    The PDF holds paragraphs 38-44 only: a font cut to the whole report takes
    seconds to write and every reading of a 10-page CJK PDF half a second, and the
    section is where a damaged page would cost rows.
    """
    folder = tmp_path_factory.mktemp("fuzz")
    section = TEXT[TEXT.index("D. 出席情况"):TEXT.index("E. 文件")]
    font = truetype_cut(pylopdf_fonts_zh_cn.sans_path(), section, folder / "sc.ttf")
    return {
        "pdf": write_pdf(section, folder / "zh.pdf", font, Layout(width=44), cjk=True
                         ).read_bytes(),
        "docx": write_docx(TEXT, folder / "zh.docx", Layout(width=44)).read_bytes(),
    }


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_published_files_read_as_the_text_does(published, kind):
    assert outcome(published[kind], f"zh.{kind}") == EXPECTED


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("mutate", BYTE_MUTATIONS, ids=lambda f: f.__name__)
def test_a_damaged_file_gives_the_same_table_or_one_error(published, kind, mutate: Callable):
    rng = random.Random(f"{kind}-{mutate.__name__}")
    for case in range(4):
        data = mutate(rng, published[kind])
        result = outcome(data, f"{mutate.__name__}-{case}.{kind}")
        assert result in ("error", EXPECTED), f"{kind} {mutate.__name__} case {case}"
