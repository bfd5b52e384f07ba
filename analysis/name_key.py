"""The matching key of a name: what two name forms must share to mean the same entity.

Owns ``name_key``, the folding applied alike to every known form (``name_forms``) and to
every name looked up (``names``): invisible format characters, Unicode compatibility
forms (full-width brackets and spaces), case, accents and Arabic diacritics and letter
variants, apostrophes, quotes, hyphens and dashes, "&"/"and", "St."/"Saint", comma
inversion ("Korea, Rep."), British/American spellings, abbreviated words ("Rep.",
"Dem.", "Is."), a leading article, the English and Arabic definite articles anywhere
("the", "ال"), and Cyrillic letters that look like Latin ones. Also the script a name is
written in (``script_of``), which suggestions and display names respect.
"""

from __future__ import annotations

import re

import polars as pl

# Cyrillic letters (after lower-casing) that render like Latin ones; folding both
# scripts onto one letter makes "Сhile" typed with a Cyrillic С match "Chile".
_LOOKALIKES = {"а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o",
               "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j",
               "ѕ": "s", "һ": "h", "ԛ": "q", "ԝ": "w"}
# Apostrophes and quotes separate words ("d'Ivoire", "l'Afghanistan"); dashes of every
# width join them like a space ("Guinea-Bissau", "Congo - Brazzaville").
_PUNCTUATION = {"’": " ", "‘": " ", "ʼ": " ", "`": " ", "´": " ", "ʻ": " ", "'": " ",
                "\"": " ", "“": " ", "”": " ", "„": " ", "«": " ", "»": " ",
                "‐": " ", "‑": " ", "‒": " ", "–": " ", "—": " ", "―": " ", "−": " ",
                "-": " ", "_": " "}
# Arabic letters written interchangeably: hamza and madda forms of alef (the marks
# themselves go with the other combining marks), taa marbuta / haa, alef maqsura /
# yaa, and the wasla alef.
_ARABIC_LETTERS = {"ة": "ه", "ى": "ي", "ٱ": "ا", "ی": "ي", "ک": "ك"}
# Bidi marks and embeddings, zero-width characters, soft hyphen, BOM, Arabic tatweel:
# copied along with names from documents, never part of them.
_INVISIBLE = r"[\u00ad\u061c\u0640\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
# British spellings folded onto the American ones (both sides of the match).
_SPELLINGS = {r"\bco\s*operat": "cooperat", r"\borganis(ation|ations|e|ed)\b": "organiz$1",
              r"\bcentre\b": "center", r"\bprogramme\b": "program"}
# Words that names abbreviate, folded onto one short form on both sides of the match, so
# "Czech Rep.", "Rép. centrafricaine", "Dem. Rep. Congo" and "Solomon Is." need no alias
# each: Republic/República/République, Democratic/Démocratique/Democrática,
# Island(s)/Isla(s)/Île(s). No two entities' names differ only by these words.
_ABBREVIATED = {r"\brep(?:ubl\w*)?\b": "rep", r"\bdem(?:ocr[a-z]*)?\b": "dem",
                r"\b(?:is|isl|islands?|islas?|iles?|ilhas?)\b": "is"}


def name_key(names: pl.Expr) -> pl.Expr:
    """Return the matching key of a column of names (vectorised).

    Args:
        names: A string expression.

    Returns:
        The folded key: equal keys mean "the same name".

    Example:
        >>> pl.select(name_key(pl.lit("  CÔTE D’IVOIRE "))).item()
        'cote d ivoire'
        >>> pl.select(name_key(pl.lit("Korea, Rep."))).item()
        'rep korea'
        >>> pl.select(name_key(pl.lit("St. Kitts & Nevis"))).item()
        'saint kitts & nevis'
        >>> pl.select(name_key(pl.lit("Saint Vincent and the Grenadines"))).item()
        'saint vincent & grenadines'
        >>> pl.select(name_key(pl.lit("Central African Rep."))).item()
        'central african rep'
    """
    key = (
        names.str.replace_all(_INVISIBLE, "")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_many(_PUNCTUATION)
        .str.replace_many(_ARABIC_LETTERS)
        .str.replace_many(_LOOKALIKES)
        .str.replace_all(r"\bst\b\.?\s*", "saint ")
        .str.replace_all(r"\bste\b\.?\s*", "sainte ")
        .str.replace_all(r"\b(\pL)\.", "$1")  # "U.S." = "US"
        .str.replace_all(".", " ", literal=True)
        .str.replace_all(r"\s*&\s*", " & ")
        .str.replace_all(r"\b(?:and|et|y|и)\b", "&")
    )
    for pattern, replacement in (_SPELLINGS | _ABBREVIATED).items():
        key = key.str.replace_all(pattern, replacement)
    return (
        key.str.replace_all(r"\s+", " ")
        .str.strip_chars(" ,;:、，；：")
        # "X, Y" reads "Y X": "Korea, Rep." = "Rep. Korea", "Gambia, The" = "The Gambia".
        .str.replace(r"^([^,()]+), ([^,()]+)$", "$2 $1")
        .str.replace_all(r" ?([()]) ?", "$1")
        .str.replace_all(r"\)(\S)", ") $1")
        .str.replace_all(r"([^\s(])\(", "$1 (")
        .str.replace_all(r"(\p{Han}) (\S)", "$1$2")
        .str.replace_all(r"(\S) (\p{Han})", "$1$2")
        .str.replace(r"^(?:l|la|le|les|el|los|las) ", "")
        # The English and Arabic definite articles wherever they stand: analysts write
        # "Republic of Congo" and "إيران (جمهورية - إسلامية)" for the UN's "Republic of
        # the Congo" and "إيران (جمهورية - الإسلامية)". No two entities differ by one.
        # One pass for both ("the " leaves $1 empty).
        .str.replace_all(r"\bthe |\bال(\p{Arabic}{2})", "$1")
        .str.strip_chars(" ,;:、，；：")
    )


SCRIPT_RANGES = {"Han": r"[\u4e00-\u9fff]", "Arabic": r"[\u0600-\u06ff\u0750-\u077f]",
                 "Cyrillic": r"[\u0400-\u04ff]"}
"""The scripts told apart, by a character range (any other name is Latin)."""


def script_of(name: str) -> str:
    """The script a name is written in: Han, Arabic, Cyrillic, else Latin.

    Example:
        >>> script_of("越南"), script_of("Россия"), script_of("Viet Nam")
        ('Han', 'Cyrillic', 'Latin')
    """
    for found, pattern in SCRIPT_RANGES.items():
        if re.search(pattern, name):
            return found
    return "Latin"
