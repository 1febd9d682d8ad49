"""The demo atlas in French and German: site texts, vocabularies and organisation texts.

Organisation texts are written in English from templates (demo.organisations); the same
templates in French and German give real translations. A share of organisations is left
untranslated in each language, and a few translations are left behind their original, so that
the demo shows every state a reader or an editor meets.
"""

from directory.choices import LegalFormFamily

SITE_TEXT_DE = {
    "home": (
        "Atlas der sozialen Technik",
        "Technik im Dienst der Sozialwirtschaft",
        "Eine freie, offene Karte und ein Verzeichnis der Genossenschaften, Vereine und "
        "Sozialunternehmen in Europa, die die Sozial- und Solidarwirtschaft beim digitalen "
        "Wandel begleiten oder offene, alternative digitale Werkzeuge anbieten.",
    ),
    "directory": (
        "Verzeichnis",
        "verzeichnis",
        "<p>Alle Organisationen des Atlas. Suchen Sie nach Name, Stadt oder Leistung und "
        "kombinieren Sie die Filter, um eine Partnerorganisation in Ihrer Nähe zu finden.</p>",
    ),
    "map": (
        "Karte",
        "karte",
        "<p>Jede Organisation mit Räumlichkeiten ist ein Punkt in der Farbe ihres Bereichs. "
        "Filtern Sie die Karte wie das Verzeichnis und teilen Sie, was Sie sehen: die Adresse "
        "behält Ihre Filter.</p>",
    ),
    "stories": (
        "Geschichten",
        "geschichten",
        "<p>Gespräche mit Partnern, Neuigkeiten aus der Politik und Notizen des Atlas-Teams.</p>",
    ),
}
OPEN_DATA_DE = (
    "Offene Daten",
    "offene-daten",
    "<p>Der Atlas ist ein digitales Gemeingut: alles, was er verzeichnet, sind offene Daten, "
    "die alle unter der unten genannten Lizenz herunterladen, weiterverwenden und teilen "
    "dürfen. Die offenen Datenbanken unserer Partner speisen ihn; jede Quelle wird genannt.</p>",
)

SECTOR_NAMES_DE = {
    "digital-inclusion": "Digitale Teilhabe",
    "training": "Bildung und Weiterbildung",
    "design": "UX- und Service-Design",
    "open-source": "Freie Software",
    "hosting": "Ethisches Hosting und Cloud",
    "data": "Daten und offenes Wissen",
    "platforms": "Genossenschaftliche Plattformen",
    "consulting": "Beratung und Veränderungsbegleitung",
    "civic-tech": "Civic Tech und Beteiligung",
}
SERVICE_NAMES = {
    "fr": {
        "ux-design": "le design UX",
        "training": "la formation",
        "change-management": "l’accompagnement du changement",
        "hosting": "l’hébergement",
        "software-development": "le développement logiciel",
        "data": "les données",
        "cybersecurity": "la cybersécurité",
        "digital-inclusion": "l’inclusion numérique",
        "web-design": "la conception de sites web",
        "digital-strategy": "la stratégie numérique",
        "collaboration-tools": "les outils collaboratifs",
        "accessibility-audits": "les audits d’accessibilité",
    },
    "de": {
        "ux-design": "UX-Design",
        "training": "Schulungen",
        "change-management": "Veränderungsbegleitung",
        "hosting": "Hosting",
        "software-development": "Softwareentwicklung",
        "data": "Daten",
        "cybersecurity": "Cybersicherheit",
        "digital-inclusion": "digitale Teilhabe",
        "web-design": "Webdesign",
        "digital-strategy": "Digitalstrategie",
        "collaboration-tools": "Werkzeuge für die Zusammenarbeit",
        "accessibility-audits": "Barrierefreiheitsprüfungen",
    },
}
SERVICE_NAMES_DE = {
    "ux-design": "UX-Design",
    "training": "Schulung",
    "change-management": "Veränderungsbegleitung",
    "hosting": "Hosting",
    "software-development": "Softwareentwicklung",
    "data": "Daten",
    "cybersecurity": "Cybersicherheit",
    "digital-inclusion": "Digitale Teilhabe",
    "web-design": "Webdesign",
    "digital-strategy": "Digitalstrategie",
    "collaboration-tools": "Kollaborationswerkzeuge",
    "accessibility-audits": "Barrierefreiheitsprüfungen",
}
# In the same order as demo.organisations.SUMMARY_LEADS and WHO.
SUMMARY_LEADS = {
    "fr": {
        "support": [
            "Aide {who} dans leur transition numérique : {what}.",
            "Accompagne {who} dans le choix et l’adoption d’outils numériques : {what}, "
            "jusqu’au coaching.",
            "Accompagne {who} pour changer leur façon de travailler avec le numérique : {what}.",
        ],
        "tools": [
            "Conçoit et fait fonctionner des services numériques ouverts et éthiques pour {who} : "
            "{what}.",
            "Fournit des outils libres et open source pour {who} : {what}.",
            "Offre une alternative aux plateformes des géants du numérique pour {who} : {what}.",
        ],
    },
    "de": {
        "support": [
            "Unterstützt {who} beim digitalen Wandel. Schwerpunkte: {what}.",
            "Begleitet {who} bei der Auswahl und Einführung digitaler Werkzeuge: {what} bis hin "
            "zum Coaching.",
            "Begleitet {who} dabei, ihre Arbeit mit Technik zu verändern. Schwerpunkte: {what}.",
        ],
        "tools": [
            "Entwickelt und betreibt offene, ethische digitale Dienste für {who}. "
            "Schwerpunkte: {what}.",
            "Stellt freie und quelloffene Werkzeuge für {who} bereit: {what}.",
            "Bietet eine Alternative zu den Plattformen der großen Tech-Konzerne für {who}: "
            "{what}.",
        ],
    },
}
WHO = {
    "fr": [
        "les associations",
        "les coopératives",
        "les entreprises sociales",
        "les associations caritatives locales",
        "les mutuelles",
        "les collectifs citoyens",
        "les fondations",
        "les réseaux de l’économie sociale et solidaire",
        "les associations de bénévoles",
        "les entreprises d’insertion",
    ],
    "de": [
        "Vereine",
        "Genossenschaften",
        "Sozialunternehmen",
        "lokale gemeinnützige Organisationen",
        "Versicherungsvereine auf Gegenseitigkeit",
        "Nachbarschaftsinitiativen",
        "Stiftungen",
        "Netzwerke der Sozial- und Solidarwirtschaft",
        "ehrenamtlich geführte Organisationen",
        "Integrationsbetriebe",
    ],
}
LEGAL_FORMS = {
    "fr": {
        LegalFormFamily.COOPERATIVE: "une coopérative",
        LegalFormFamily.MUTUAL: "une mutuelle",
        LegalFormFamily.ASSOCIATION: "une association",
        LegalFormFamily.FOUNDATION: "une fondation",
        LegalFormFamily.SOCIAL_ENTERPRISE: "une entreprise sociale",
        LegalFormFamily.OTHER: "une organisation",
    },
    "de": {
        LegalFormFamily.COOPERATIVE: "eine Genossenschaft",
        LegalFormFamily.MUTUAL: "ein Versicherungsverein auf Gegenseitigkeit",
        LegalFormFamily.ASSOCIATION: "ein Verein",
        LegalFormFamily.FOUNDATION: "eine Stiftung",
        LegalFormFamily.SOCIAL_ENTERPRISE: "ein Sozialunternehmen",
        LegalFormFamily.OTHER: "eine Organisation",
    },
}
DESCRIPTIONS = {
    "fr": "<p>{name} est {form} basée à {city}. {summary}</p><p>Elle travaille surtout avec "
    "{who} et partage ses méthodes ouvertement pour que d’autres puissent les réutiliser.</p>",
    "de": "<p>{name} ist {form} mit Sitz in {city}. {summary}</p><p>Zu ihren Partnern zählen "
    "vor allem {who}; ihre Methoden teilt sie offen, damit andere sie nutzen können.</p>",
}
AND = {"fr": " et ", "de": " und "}


def _join(items, language):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + AND[language] + items[-1]


def translation_languages(index):
    """Which languages organisation number `index` is translated into: French for seven in
    ten, German for one in two; the others show their original."""
    languages = []
    if index % 10 < 7:
        languages.append("fr")
    if index % 10 in (0, 2, 4, 5, 6):
        languages.append("de")
    return languages


def is_behind_original(index):
    """A few translations were made before the original last changed: 'needs update'."""
    return index % 23 == 4


def organisation_text(text, language):
    """The summary and description of an organisation (from the choices in `text`, recorded
    by demo.organisations.organisation_data) in `language`."""
    what = _join([SERVICE_NAMES[language][slug] for slug in text["services"]], language)
    summary = SUMMARY_LEADS[language][text["kind"]][text["lead"]].format(
        who=WHO[language][text["who"]], what=what
    )
    description = DESCRIPTIONS[language].format(
        name=text["name"],
        form=LEGAL_FORMS[language][text["legal_form"]],
        city=text["city"],
        summary=summary,
        who=WHO[language][text["who2"]],
    )
    return {"summary": summary[:300], "description": description}


THEME_NAMES_DE = {
    "digital-inclusion": "Digitale Teilhabe",
    "public-policy": "Politik",
    "open-source": "Freie Software",
    "cooperation": "Zusammenarbeit",
    "funding": "Finanzierung",
}
