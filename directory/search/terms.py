"""Text to search terms: words folded (lower case, no accents) and stemmed per language."""

import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

# Snowball's algorithm for each language the Atlas may be configured with.
STEMMERS = {
    "da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "sv": "swedish", "ca": "catalan",
    "cs": "czech", "el": "greek", "lt": "lithuanian", "et": "estonian",
}  # fmt: skip
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ß": "ss"})
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]+>")
MIN_PREFIX = 2  # shorter query words are matched whole, but for the last one (being typed)


@cache
def _stemmer(language):
    algorithm = STEMMERS.get((language or "").split("-")[0])
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def fold(word):
    """'Hébergement' → 'hebergement', 'Straße' → 'strasse'."""
    word = word.casefold().translate(LETTERS)
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def word_terms(word, language):
    """A word's forms to index: folded, and its stem (from the accented and the folded word,
    as people type both)."""
    word = word.casefold()
    folded = fold(word)
    forms = {folded}
    stemmer = _stemmer(language)
    if stemmer is not None:
        forms.add(fold(stemmer.stemWord(word)))
        forms.add(fold(stemmer.stemWord(folded)))
    return frozenset(form for form in forms if form.isalnum())


def words(text):
    return WORD.findall(TAG.sub(" ", str(text or "")))


def terms(text, language):
    """The terms of `text` written in `language`, space-separated, for the index."""
    found = []
    seen = set()
    for word in words(text):
        for term in word_terms(word, language):
            if term not in seen:
                seen.add(term)
                found.append(term)
    return " ".join(found)


def query_terms(query, language):
    """Each word of a query as the set of forms to look for (matched as prefixes when long
    enough): [('heberg', 'hebergement'), ('coop',)]."""
    result = []
    for word in words(query)[:12]:
        forms = word_terms(word, language)
        if forms:
            result.append(tuple(sorted(forms)))
    return result
