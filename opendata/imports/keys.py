"""The key an imported record is known by when its source gives it no id.

It is stored (`ImportedRecord.record_id`) and compared at every re-import of the source, so it
must never change: it is frozen here, apart from `directory.duplicates.normalise`, which may
improve (it did: "e.V." now reads as "ev") without re-keying every record already imported.
"""

import re
import unicodedata

# A frozen copy of the words the duplicate finder ignored when the first keys were stored.
IGNORED_WORDS = frozenset({
    "asbl", "association", "bv", "cic", "coop", "cooperative", "eg", "ev", "gmbh", "ltd", "sa",
    "sarl", "sas", "sc", "scic", "scop", "scrl", "vzw",
    "the", "l", "la", "le", "les", "d", "de", "des", "du", "der", "die", "das",
})  # fmt: skip
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})


def _words(text):
    text = unicodedata.normalize("NFKD", text or "").casefold().translate(LETTERS)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(
        word for word in re.split(r"[^a-z0-9]+", text) if word and word not in IGNORED_WORDS
    )


def record_key(name, city):
    """'Verein Digital e.V.', 'Köln' → 'verein digital e v|koln' (as it was stored)."""
    return f"{_words(name)}|{_words(city)}"
