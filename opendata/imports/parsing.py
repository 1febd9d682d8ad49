"""Reading the values partners write: yes/no words, decimal commas, dates, country names,
choice labels in English and French."""

import functools
import re
from datetime import datetime

from django.core.validators import EmailValidator, URLValidator
from django.utils import translation

from django_countries import countries

from directory.models.snippets import EXTRA_LANGUAGE_NAMES
from opendata.schema import FALSE, TRUE

TRUE_WORDS = {"true", "yes", "y", "1", "x", "oui", "vrai", "ja", "si", "sí", "wahr", "✓"}
FALSE_WORDS = {"false", "no", "n", "0", "non", "faux", "nein", "", "-"}
SUMMARY_LIMIT = 300
url_validator = URLValidator(schemes=["http", "https"])
email_validator = EmailValidator()


def mask(value):
    """Enough of a dropped value to find it in the source, not enough to keep the data:
    j…@example.org, +33 6… 78."""
    if "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}…@{domain}"
    digits = value.strip()
    return f"{digits[:4]}… {digits[-2:]}" if len(digits) > 6 else "…"


def parse_bool(value):
    word = value.strip().casefold()
    if word in TRUE_WORDS:
        return TRUE
    if word in FALSE_WORDS:
        return FALSE
    return None


def parse_coordinate(value):
    """A float from '45.76', '45,76' (decimal comma) or ' 45.760 '; None when not a number."""
    text = value.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(value):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value.strip()[:19], fmt).date()
        except ValueError:
            continue
    return None


def normalise_url(value):
    url = value.strip()
    if url and "://" not in url and "." in url and " " not in url:
        url = f"https://{url}"
    return url


def split_multi(value):
    return [part.strip() for part in re.split(r"[|;,]", value) if part.strip()]


def country_code(value):
    text = value.strip()
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    if len(text) == 3:
        code = countries.alpha2(text.upper())
        if code:
            return code
    # Names in the languages of the Atlas's partners ("Belgique", "Deutschland", "España"…).
    for language in ("en", "fr", "de", "es", "it", "nl"):
        code = countries.by_name(text, language=language)
        if code:
            return code
    return None


@functools.cache
def choice_labels(choices):
    """Choice values by their English and French labels, e.g. 'coopérative' → cooperative."""
    by_label = {}
    for language in ("en", "fr"):
        with translation.override(language):
            by_label.update({str(label).casefold(): key for key, label in choices.choices})
    return by_label


def is_language_code(code):
    if code in EXTRA_LANGUAGE_NAMES:
        return True
    try:
        translation.get_language_info(code)
    except KeyError:
        return False
    return len(code) == 2
