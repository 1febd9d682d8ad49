"""Machine suggestions for a translation's empty fields, from a LibreTranslate-compatible
endpoint set in the settings (off by default: nothing leaves the site unless configured)."""

import json
import re
import urllib.error
import urllib.request

from django.conf import settings

from core.translation.state import is_blank

# StreamField block values under these keys are references or addresses, never text.
NOT_TEXT_KEYS = {"id", "type", "url", "link", "page", "image", "document", "embed", "video"}
LETTER = re.compile(r"[^\W\d_]")
# Words only, not choices or identifiers ("primary", "left"): text has a space or markup.
TEXT_MARK = re.compile(r"[\s<]")


def _is_text(value, key):
    return (
        key not in NOT_TEXT_KEYS
        and LETTER.search(value)
        and TEXT_MARK.search(value.strip())
        and not value.startswith(("http://", "https://", "mailto:"))
    )


class MachineTranslationError(Exception):
    """The endpoint could not be reached or gave an unusable answer."""


def is_enabled():
    return bool(settings.MACHINE_TRANSLATION_URL)


def translate(texts, source, target):
    """The texts (plain or HTML) translated from `source` into `target`, in order."""
    if not texts:
        return []
    payload = {"q": texts, "source": source, "target": target, "format": "html"}
    if settings.MACHINE_TRANSLATION_API_KEY:
        payload["api_key"] = settings.MACHINE_TRANSLATION_API_KEY
    request = urllib.request.Request(
        settings.MACHINE_TRANSLATION_URL.rstrip("/") + "/translate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MACHINE_TRANSLATION_TIMEOUT) as r:
            answer = json.load(r)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
        raise MachineTranslationError(str(error)) from error
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if isinstance(translated, str):
        translated = [translated]
    if not isinstance(translated, list) or len(translated) != len(texts):
        raise MachineTranslationError("unexpected answer from the translation endpoint")
    return [str(text) for text in translated]


def _texts_in(value, key=None):
    """Paths to the translatable strings of a StreamField's raw data."""
    if isinstance(value, str):
        if _is_text(value, key):
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in NOT_TEXT_KEYS:
                yield from _texts_in(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _texts_in(item, key)


def _replace_in(value, translations, key=None):
    if isinstance(value, str):
        if _is_text(value, key):
            return translations.pop(0)
        return value
    if isinstance(value, dict):
        return {
            name: _replace_in(item, translations, name) if name not in NOT_TEXT_KEYS else item
            for name, item in value.items()
        }
    if isinstance(value, list):
        return [_replace_in(item, translations, key) for item in value]
    return value


def suggest(original, row):
    """Fill `row`'s empty fields with machine translations of the original's; returns the
    names of the fields filled."""
    source, target = original.locale.language_code, row.language
    plain, streams = [], []
    for name in original.translated_fields:
        if not is_blank(getattr(row, name)) or is_blank(getattr(original, name)):
            continue
        value = getattr(original, name)
        if hasattr(value, "raw_data"):
            streams.append((name, list(value.raw_data)))
        else:
            plain.append((name, str(value)))
    texts = [value for _name, value in plain]
    for _name, raw in streams:
        texts += list(_texts_in(raw))
    translations = translate(texts, source, target)
    filled = []
    for name, _value in plain:
        setattr(row, name, translations.pop(0))
        filled.append(name)
    for name, raw in streams:
        setattr(row, name, _replace_in(raw, translations))
        filled.append(name)
    row.stamp(filled, original, machine=True)
    return filled
