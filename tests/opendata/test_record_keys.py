"""The key of a record without an id is stored at import and compared at every re-import: it
must not move when the duplicate finder's normalisation improves."""

from directory.duplicates import normalise
from opendata.imports.keys import record_key


def test_record_key_is_the_one_stored_by_earlier_imports():
    # Keys as the first importer wrote them (dotted abbreviations split, accents dropped).
    assert record_key("Verein Digital e.V.", "Köln") == "verein digital e v|koln"
    assert record_key("SCIC Coop’Lib", "Saint-Étienne") == "lib|saint etienne"
    assert record_key("Œuvre numérique", "") == "oeuvre numerique|"


def test_record_key_does_not_follow_the_duplicate_finder():
    # The finder now reads "e.V." as one word; the stored key must not.
    assert normalise("Verein Digital e.V.") == "verein digital"
    assert record_key("Verein Digital e.V.", "").startswith("verein digital e v")
