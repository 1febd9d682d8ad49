"""Content in several languages: per-field translations kept on the original page, their state,
and how each language's page shows them.

Each translatable page (an organisation, a story) is written once, in its *original* language,
and Wagtail keeps an alias of it in every other language's tree (simple_translation's synced
tree): shared facts — places, sectors, links — can never drift apart between languages. The
translated text lives beside the original, on the original page, in one `ContentTranslation`
row per language (the "Translations" tab): it goes through the same revisions, comparison and
workflow (Profile review) as the rest of the profile. When the original is published, each
alias receives its language's translated fields (`apply_translation`), and records in
`field_languages` which language each field is shown in, so that the reader's page can mark a
field that is still in the original language (`lang="en"` and a short note).
"""

from core.translation.state import TranslationState, fingerprint, is_blank

__all__ = ["TranslationState", "fingerprint", "is_blank"]
