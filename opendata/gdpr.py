"""Recognise personal data in organisational records: a person's email, a mobile number.

The Atlas holds organisational data only. These heuristics are deliberately cautious: an
address such as contact@… or lyon.contact@… is organisational, firstname.lastname@… is a
person's; a landline is organisational, a mobile number is a person's.
"""

import re

from django.dispatch import Signal

ROLE_WORDS = {
    "accueil",
    "admin",
    "administration",
    "asso",
    "association",
    "bonjour",
    "bureau",
    "communication",
    "compta",
    "contact",
    "coop",
    "direction",
    "equipe",
    "hello",
    "hola",
    "info",
    "infos",
    "information",
    "kontakt",
    "mail",
    "office",
    "post",
    "presse",
    "press",
    "secretariat",
    "service",
    "support",
    "team",
    "welcome",
}
# firstname.lastname, firstname_lastname, firstname-lastname, f.lastname
_PERSONAL_LOCAL_PART = re.compile(r"^[a-z]+(?:[._-][a-z]+){1,2}$|^[a-z][._][a-z]{2,}$")

# Mobile prefixes after the country code, and in national format, per country.
_MOBILE_INTERNATIONAL = {
    "33": ("6", "7"),  # France
    "32": ("46", "47", "48", "49"),  # Belgium
    "352": ("6",),  # Luxembourg
    "41": ("75", "76", "77", "78", "79"),  # Switzerland
    "31": ("6",),  # Netherlands
    "49": ("15", "16", "17"),  # Germany
    "43": ("65", "66", "67", "68", "69"),  # Austria
    "34": ("6", "7"),  # Spain
    "351": ("9",),  # Portugal
    "39": ("3",),  # Italy
    "44": ("7",),  # United Kingdom
    "353": ("8",),  # Ireland
}
_MOBILE_NATIONAL = {
    "FR": ("06", "07"),
    "BE": ("046", "047", "048", "049"),
    "CH": ("075", "076", "077", "078", "079"),
    "NL": ("06",),
    "DE": ("015", "016", "017"),
    "AT": ("065", "066", "067", "068", "069"),
    "GB": ("07",),
    "IE": ("08",),
    "ES": ("6", "7"),
    "PT": ("9",),
    "IT": ("3",),
    "LU": ("6",),
}
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_IN_TEXT = re.compile(r"(?:\+|00)?\d[\d .\-/()]{7,}\d")


def is_personal_email(email):
    """True when the address looks like a person's own (firstname.lastname@…)."""
    if not email or "@" not in email:
        return False
    local = email.split("@", 1)[0].lower()
    tokens = re.split(r"[._+-]", local)
    if any(token in ROLE_WORDS for token in tokens):
        return False
    return bool(_PERSONAL_LOCAL_PART.match(local))


def is_mobile_number(phone, country=""):
    """True when the number is a mobile phone (in international or national format)."""
    if not phone:
        return False
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        number = digits[1:]
        for code in sorted(_MOBILE_INTERNATIONAL, key=len, reverse=True):
            if number.startswith(code):
                national = number[len(code) :].lstrip("0")
                return national.startswith(_MOBILE_INTERNATIONAL[code])
        return False
    prefixes = _MOBILE_NATIONAL.get((country or "").upper())
    return bool(prefixes) and digits.startswith(prefixes)


def strip_personal_data(text, country=""):
    """Remove personal emails and mobile numbers from free text; return (text, removed)."""
    removed = []

    def email(match):
        if is_personal_email(match.group(0)):
            removed.append(match.group(0))
            return ""
        return match.group(0)

    def phone(match):
        if is_mobile_number(match.group(0), country):
            removed.append(match.group(0))
            return ""
        return match.group(0)

    if not text:
        return text, removed
    cleaned = _PHONE_IN_TEXT.sub(phone, _EMAIL_IN_TEXT.sub(email, text))
    if removed:
        cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).strip()
    return cleaned, removed


PERSONAL_COLUMN_WORDS = (
    "contact_name",
    "contact person",
    "firstname",
    "first name",
    "first_name",
    "lastname",
    "last name",
    "last_name",
    "prénom",
    "prenom",
    "nom du contact",
    "responsable",
    "président",
    "president",
    "person",
    "personne",
    "manager",
    "vorname",
    "nachname",
)


def looks_like_personal_column(header):
    """A source column whose name suggests it holds a person's data."""
    header = (header or "").strip().lower()
    return any(word in header for word in PERSONAL_COLUMN_WORDS)


# --- Erasure of a person (GDPR art. 17) ---
# The Atlas's records are organisational; the few personal addresses it keeps (readers who
# follow a search, for instance) are erased on request through this signal: each app that keeps
# one connects a receiver `(sender, email, **kwargs)` that deletes it and returns how many
# records it erased. Apps above this one register themselves; this module imports none of them.
person_erasure_requested = Signal()


def erase_person(email):
    """Erase every record of this address that an app keeps; {receiver's module: count}."""
    email = (email or "").strip()
    if not email:
        return {}
    return {
        receiver.__module__: result or 0
        for receiver, result in person_erasure_requested.send(sender=None, email=email)
    }
