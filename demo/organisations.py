"""Realistic, deterministic demo data for the Atlas: vocabularies, places and organisations.

Shared by the factories (tests) and the `seed_atlas` command. Every value comes from a
`random.Random` seeded by the caller, so the same seed always builds the same atlas.
"""

from datetime import UTC, date, datetime, timedelta

from django.utils.text import slugify

from directory.choices import LegalFormFamily, Scope, SocialNetwork, StaffSize

# (slug, English name, French name, colour, English description). Colours contrast >= 3:1
# with white and are spread around the colour wheel; the legend always names them in text.
SECTORS = [
    (
        "digital-inclusion",
        "Digital inclusion",
        "Inclusion numérique",
        "#0b6e4f",
        "Helping everyone use digital services with confidence.",
    ),
    (
        "training",
        "Training and education",
        "Formation et éducation",
        "#1d4ed8",
        "Courses, mentoring and peer learning on digital skills.",
    ),
    (
        "design",
        "UX and service design",
        "Design UX et de services",
        "#7c3aed",
        "Research and design of services that work for the people who use them.",
    ),
    (
        "open-source",
        "Open-source software",
        "Logiciels libres",
        "#b45309",
        "Building and maintaining free and open-source software.",
    ),
    (
        "hosting",
        "Ethical hosting and cloud",
        "Hébergement et cloud éthiques",
        "#0e7490",
        "Hosting, email and collaboration tools run by accountable providers.",
    ),
    (
        "data",
        "Data and open knowledge",
        "Données et savoirs ouverts",
        "#be123c",
        "Open data, data stewardship and shared knowledge.",
    ),
    (
        "platforms",
        "Cooperative platforms",
        "Plateformes coopératives",
        "#4d7c0f",
        "Platforms owned and governed by their workers and users.",
    ),
    (
        "consulting",
        "Consulting and change management",
        "Conseil et accompagnement du changement",
        "#a21caf",
        "Strategy and change management for the digital transition.",
    ),
    (
        "civic-tech",
        "Civic tech and participation",
        "Civic tech et participation",
        "#475569",
        "Tools for citizen participation and democratic life.",
    ),
]

# (slug, English name, French name)
SERVICES = [
    ("ux-design", "UX design", "Design UX"),
    ("training", "Training", "Formation"),
    ("change-management", "Change management", "Accompagnement du changement"),
    ("hosting", "Hosting", "Hébergement"),
    ("software-development", "Software development", "Développement logiciel"),
    ("data", "Data", "Données"),
    ("cybersecurity", "Cybersecurity", "Cybersécurité"),
    ("digital-inclusion", "Digital inclusion", "Inclusion numérique"),
    ("web-design", "Web design", "Conception de sites web"),
    ("digital-strategy", "Digital strategy", "Stratégie numérique"),
    ("collaboration-tools", "Collaboration tools", "Outils collaboratifs"),
    ("accessibility-audits", "Accessibility audits", "Audits d’accessibilité"),
]

# Country code -> (languages spoken, national legal forms by family, [(city, lat, lng), ...])
COUNTRIES = {
    "FR": (
        ["fr"],
        {
            "cooperative": ["SCIC", "SCOP"],
            "association": ["Association loi 1901"],
            "mutual": ["Mutuelle"],
            "foundation": ["Fondation"],
            "social_enterprise": ["ESUS"],
        },
        [
            ("Paris", 48.8566, 2.3522),
            ("Lyon", 45.7640, 4.8357),
            ("Marseille", 43.2965, 5.3698),
            ("Lille", 50.6292, 3.0573),
            ("Nantes", 47.2184, -1.5536),
            ("Bordeaux", 44.8378, -0.5792),
            ("Toulouse", 43.6047, 1.4442),
            ("Strasbourg", 48.5734, 7.7521),
            ("Rennes", 48.1173, -1.6778),
            ("Grenoble", 45.1885, 5.7245),
        ],
    ),
    "BE": (
        ["fr", "nl", "de"],
        {
            "cooperative": ["SC agréée ES", "CV"],
            "association": ["ASBL", "VZW"],
            "foundation": ["Fondation d’utilité publique"],
            "social_enterprise": ["ES agréée"],
        },
        [
            ("Brussels", 50.8503, 4.3517),
            ("Liège", 50.6326, 5.5797),
            ("Ghent", 51.0543, 3.7174),
            ("Antwerp", 51.2194, 4.4025),
            ("Namur", 50.4674, 4.8720),
            ("Leuven", 50.8798, 4.7005),
        ],
    ),
    "NL": (
        ["nl", "en"],
        {
            "cooperative": ["Coöperatie U.A."],
            "association": ["Vereniging"],
            "foundation": ["Stichting"],
            "social_enterprise": ["BV (sociale onderneming)"],
        },
        [
            ("Amsterdam", 52.3676, 4.9041),
            ("Rotterdam", 51.9244, 4.4777),
            ("Utrecht", 52.0907, 5.1214),
            ("The Hague", 52.0705, 4.3007),
            ("Groningen", 53.2194, 6.5665),
            ("Eindhoven", 51.4416, 5.4697),
        ],
    ),
    "LU": (
        ["fr", "de", "lb"],
        {"cooperative": ["SC"], "association": ["ASBL"], "social_enterprise": ["SIS"]},
        [("Luxembourg", 49.6116, 6.1319), ("Esch-sur-Alzette", 49.4958, 5.9806)],
    ),
    "DE": (
        ["de", "en"],
        {
            "cooperative": ["eG"],
            "association": ["e.V."],
            "foundation": ["Stiftung"],
            "social_enterprise": ["gGmbH", "gUG"],
            "mutual": ["VVaG"],
        },
        [
            ("Berlin", 52.5200, 13.4050),
            ("Hamburg", 53.5511, 9.9937),
            ("Munich", 48.1351, 11.5820),
            ("Cologne", 50.9375, 6.9603),
            ("Leipzig", 51.3397, 12.3731),
            ("Frankfurt", 50.1109, 8.6821),
            ("Freiburg", 47.9990, 7.8421),
            ("Bremen", 53.0793, 8.8017),
        ],
    ),
    "AT": (
        ["de"],
        {
            "cooperative": ["eGen"],
            "association": ["Verein"],
            "social_enterprise": ["gemeinnützige GmbH"],
        },
        [
            ("Vienna", 48.2082, 16.3738),
            ("Graz", 47.0707, 15.4395),
            ("Linz", 48.3069, 14.2858),
            ("Innsbruck", 47.2692, 11.4041),
        ],
    ),
    "CH": (
        ["de", "fr", "it"],
        {
            "cooperative": ["Genossenschaft", "Société coopérative"],
            "association": ["Verein", "Association"],
            "foundation": ["Stiftung"],
        },
        [
            ("Zurich", 47.3769, 8.5417),
            ("Geneva", 46.2044, 6.1432),
            ("Bern", 46.9480, 7.4474),
            ("Lausanne", 46.5197, 6.6323),
            ("Basel", 47.5596, 7.5886),
        ],
    ),
    "IT": (
        ["it"],
        {
            "cooperative": ["Cooperativa sociale", "Società cooperativa"],
            "association": ["APS", "ODV"],
            "foundation": ["Fondazione"],
            "social_enterprise": ["Impresa sociale"],
            "mutual": ["Società di mutuo soccorso"],
        },
        [
            ("Rome", 41.9028, 12.4964),
            ("Milan", 45.4642, 9.1900),
            ("Bologna", 44.4949, 11.3426),
            ("Turin", 45.0703, 7.6869),
            ("Naples", 40.8518, 14.2681),
            ("Florence", 43.7696, 11.2558),
            ("Bari", 41.1171, 16.8719),
        ],
    ),
    "ES": (
        ["es", "ca", "eu", "gl"],
        {
            "cooperative": ["Sociedad cooperativa", "Cooperativa de iniciativa social"],
            "association": ["Asociación"],
            "foundation": ["Fundación"],
            "social_enterprise": ["Empresa de inserción"],
            "mutual": ["Mutualidad"],
        },
        [
            ("Madrid", 40.4168, -3.7038),
            ("Barcelona", 41.3874, 2.1686),
            ("Valencia", 39.4699, -0.3763),
            ("Seville", 37.3891, -5.9845),
            ("Bilbao", 43.2630, -2.9350),
            ("Zaragoza", 41.6488, -0.8891),
            ("Santiago de Compostela", 42.8782, -8.5448),
        ],
    ),
    "PT": (
        ["pt"],
        {
            "cooperative": ["Cooperativa"],
            "association": ["Associação"],
            "foundation": ["Fundação"],
            "mutual": ["Associação mutualista"],
        },
        [
            ("Lisbon", 38.7223, -9.1393),
            ("Porto", 41.1579, -8.6291),
            ("Coimbra", 40.2033, -8.4103),
            ("Braga", 41.5454, -8.4265),
        ],
    ),
    "IE": (
        ["en", "ga"],
        {
            "cooperative": ["Co-operative society"],
            "association": ["CLG (charity)"],
            "social_enterprise": ["CLG"],
        },
        [("Dublin", 53.3498, -6.2603), ("Cork", 51.8985, -8.4756), ("Galway", 53.2707, -9.0568)],
    ),
    "GB": (
        ["en", "cy"],
        {
            "cooperative": ["Co-operative society"],
            "association": ["CIO"],
            "social_enterprise": ["CIC"],
            "mutual": ["Mutual society"],
        },
        [
            ("London", 51.5072, -0.1276),
            ("Manchester", 53.4808, -2.2426),
            ("Glasgow", 55.8642, -4.2518),
            ("Bristol", 51.4545, -2.5879),
            ("Cardiff", 51.4816, -3.1791),
            ("Leeds", 53.8008, -1.5491),
        ],
    ),
    "DK": (
        ["da", "en"],
        {
            "cooperative": ["Andelsselskab"],
            "association": ["Forening"],
            "social_enterprise": ["RSV"],
        },
        [
            ("Copenhagen", 55.6761, 12.5683),
            ("Aarhus", 56.1629, 10.2039),
            ("Odense", 55.4038, 10.4024),
        ],
    ),
    "SE": (
        ["sv", "en"],
        {
            "cooperative": ["Ekonomisk förening"],
            "association": ["Ideell förening"],
            "foundation": ["Stiftelse"],
        },
        [
            ("Stockholm", 59.3293, 18.0686),
            ("Gothenburg", 57.7089, 11.9746),
            ("Malmö", 55.6050, 13.0038),
            ("Uppsala", 59.8586, 17.6389),
        ],
    ),
    "NO": (
        ["nb", "en"],
        {"cooperative": ["SA"], "association": ["Forening"], "foundation": ["Stiftelse"]},
        [("Oslo", 59.9139, 10.7522), ("Bergen", 60.3913, 5.3221), ("Trondheim", 63.4305, 10.3951)],
    ),
    "FI": (
        ["fi", "sv"],
        {"cooperative": ["Osuuskunta"], "association": ["Ry"], "foundation": ["Säätiö"]},
        [
            ("Helsinki", 60.1699, 24.9384),
            ("Tampere", 61.4978, 23.7610),
            ("Turku", 60.4518, 22.2666),
        ],
    ),
    "EE": (
        ["et", "en"],
        {"cooperative": ["Tulundusühistu"], "association": ["MTÜ"], "foundation": ["SA"]},
        [("Tallinn", 59.4370, 24.7536), ("Tartu", 58.3780, 26.7290)],
    ),
    "LV": (
        ["lv"],
        {
            "cooperative": ["Kooperatīvā sabiedrība"],
            "association": ["Biedrība"],
            "social_enterprise": ["SIA (sociālais uzņēmums)"],
        },
        [("Riga", 56.9496, 24.1052), ("Liepāja", 56.5047, 21.0108)],
    ),
    "LT": (
        ["lt"],
        {
            "cooperative": ["Kooperatinė bendrovė"],
            "association": ["Asociacija"],
            "foundation": ["VšĮ"],
        },
        [("Vilnius", 54.6872, 25.2797), ("Kaunas", 54.8985, 23.9036)],
    ),
    "PL": (
        ["pl"],
        {
            "cooperative": ["Spółdzielnia socjalna"],
            "association": ["Stowarzyszenie"],
            "foundation": ["Fundacja"],
        },
        [
            ("Warsaw", 52.2297, 21.0122),
            ("Kraków", 50.0647, 19.9450),
            ("Wrocław", 51.1079, 17.0385),
            ("Gdańsk", 54.3520, 18.6466),
            ("Poznań", 52.4064, 16.9252),
        ],
    ),
    "CZ": (
        ["cs"],
        {
            "cooperative": ["Družstvo"],
            "association": ["Spolek"],
            "foundation": ["Nadace"],
            "social_enterprise": ["Obecně prospěšná společnost"],
        },
        [("Prague", 50.0755, 14.4378), ("Brno", 49.1951, 16.6068), ("Ostrava", 49.8209, 18.2625)],
    ),
    "SK": (
        ["sk"],
        {
            "cooperative": ["Družstvo"],
            "association": ["Občianske združenie"],
            "social_enterprise": ["Registrovaný sociálny podnik"],
        },
        [("Bratislava", 48.1486, 17.1077), ("Košice", 48.7164, 21.2611)],
    ),
    "HU": (
        ["hu"],
        {
            "cooperative": ["Szövetkezet"],
            "association": ["Egyesület"],
            "foundation": ["Alapítvány"],
        },
        [
            ("Budapest", 47.4979, 19.0402),
            ("Debrecen", 47.5316, 21.6273),
            ("Szeged", 46.2530, 20.1414),
        ],
    ),
    "SI": (
        ["sl"],
        {
            "cooperative": ["Zadruga"],
            "association": ["Društvo"],
            "social_enterprise": ["Socialno podjetje"],
        },
        [("Ljubljana", 46.0569, 14.5058), ("Maribor", 46.5547, 15.6459)],
    ),
    "HR": (
        ["hr"],
        {"cooperative": ["Zadruga"], "association": ["Udruga"], "foundation": ["Zaklada"]},
        [("Zagreb", 45.8150, 15.9819), ("Split", 43.5081, 16.4402), ("Rijeka", 45.3271, 14.4422)],
    ),
    "RO": (
        ["ro", "hu"],
        {
            "cooperative": ["Societate cooperativă"],
            "association": ["Asociație"],
            "foundation": ["Fundație"],
            "mutual": ["CAR"],
        },
        [
            ("Bucharest", 44.4268, 26.1025),
            ("Cluj-Napoca", 46.7712, 23.6236),
            ("Timișoara", 45.7489, 21.2087),
            ("Iași", 47.1585, 27.6014),
        ],
    ),
    "BG": (
        ["bg"],
        {"cooperative": ["Кооперация"], "association": ["Сдружение"], "foundation": ["Фондация"]},
        [("Sofia", 42.6977, 23.3219), ("Plovdiv", 42.1354, 24.7453), ("Varna", 43.2141, 27.9147)],
    ),
    "GR": (
        ["el", "en"],
        {"cooperative": ["Koinsep"], "association": ["Σωματείο"], "social_enterprise": ["ΚοινΣΕπ"]},
        [
            ("Athens", 37.9838, 23.7275),
            ("Thessaloniki", 40.6401, 22.9444),
            ("Patras", 38.2466, 21.7346),
        ],
    ),
    "CY": (
        ["el", "tr", "en"],
        {"cooperative": ["Cooperative society"], "association": ["Association"]},
        [("Nicosia", 35.1856, 33.3823), ("Limassol", 34.7071, 33.0226)],
    ),
    "MT": (
        ["mt", "en"],
        {
            "cooperative": ["Cooperative"],
            "association": ["Voluntary organisation"],
            "foundation": ["Foundation"],
        },
        [("Valletta", 35.8989, 14.5146), ("Sliema", 35.9122, 14.5042)],
    ),
}

NAME_PATTERNS = [
    "{a} {b}",
    "{b} {c}",
    "{a} {b} {city}",
    "{c} {b}",
    "{b} {d}",
    "{a} {d}",
    "{d} {city}",
]
NAME_A = [
    "Coop",
    "Collectif",
    "Atelier",
    "Kollektiv",
    "Cooperativa",
    "Open",
    "Common",
    "Fair",
    "Libre",
    "Solidar",
    "Commune",
    "Mutual",
    "Civic",
    "Fabrique",
    "Laboratorio",
    "Werkstatt",
]
NAME_B = [
    "Numérique",
    "Digital",
    "Code",
    "Cloud",
    "Data",
    "Web",
    "Tech",
    "Net",
    "Bits",
    "Pixel",
    "Logiciel",
    "Commons",
    "Design",
    "Hub",
    "Lab",
    "Forge",
    "Réseau",
    "Stack",
    "Signal",
    "Bridge",
]
NAME_C = [
    "Solidaire",
    "Together",
    "Social",
    "Citizen",
    "Community",
    "Zusammen",
    "Insieme",
    "Juntos",
    "Ensemble",
    "Kooperativ",
    "Public",
    "Neighbourhood",
    "Local",
    "Shared",
]
NAME_D = [
    "Cooperative",
    "Collective",
    "Association",
    "Foundation",
    "Network",
    "Alliance",
    "Guild",
    "Factory",
    "Studio",
    "Academy",
    "Works",
    "Union",
    "Circle",
    "Commons",
]

SUMMARY_LEADS = {
    "support": [
        "Helps {who} through their digital transition with {what}.",
        "Supports {who} in choosing and adopting digital tools, from {what} to coaching.",
        "Accompanies {who} in changing how they work with technology, through {what}.",
    ],
    "tools": [
        "Builds and runs open, ethical digital services for {who}, including {what}.",
        "Provides free and open-source tools to {who}: {what}.",
        "Offers {who} an alternative to big-tech platforms, with {what}.",
    ],
}
WHO = [
    "associations",
    "cooperatives",
    "social enterprises",
    "local charities",
    "mutual insurers",
    "community groups",
    "foundations",
    "social and solidarity economy networks",
    "volunteer-run organisations",
    "work-integration enterprises",
]

STREETS = [
    "Rue de la Coopération",
    "Hauptstraße",
    "Via Roma",
    "Calle Mayor",
    "Main Street",
    "Avenue de la République",
    "Kerkstraat",
    "Rua Augusta",
    "Storgatan",
    "ulica Długa",
]

SERVICE_NAMES = {slug: name for slug, name, _fr in SERVICES}

DEMO_SOURCE = "Social Tech Atlas demo data"
DEMO_LICENCE = "ODbL-1.0"
BASE_DATE = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def organisation_name(rng, city):
    pattern = rng.choice(NAME_PATTERNS)
    return pattern.format(
        a=rng.choice(NAME_A),
        b=rng.choice(NAME_B),
        c=rng.choice(NAME_C),
        d=rng.choice(NAME_D),
        city=city,
    )


def _lower_first(name):
    """'Hosting' -> 'hosting', but 'UX design' stays as it is."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _article(noun):
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _join(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def organisation_data(rng, index, sector_slugs, service_slugs):
    """A dict of one organisation's fields, drawn from `rng` (deterministic for a seed)."""
    # Cover every sector, form and role early on; then draw freely.
    country = (
        sorted(COUNTRIES)[index % len(COUNTRIES)] if index < 60 else rng.choice(sorted(COUNTRIES))
    )
    languages, national_forms, cities = COUNTRIES[country]
    city, lat, lng = rng.choice(cities)
    families = LegalFormFamily.values
    legal_form = (
        families[index % len(families)]
        if index < 60
        else rng.choices(families, weights=[30, 8, 30, 8, 18, 6])[0]
    )
    national = rng.choice(national_forms.get(legal_form, [""]))
    sector = sector_slugs[index % len(sector_slugs)] if index < 60 else rng.choice(sector_slugs)
    role_draw = index % 3 if index < 60 else rng.choices([0, 1, 2], weights=[45, 30, 25])[0]
    supports, tools = {0: (True, False), 1: (False, True), 2: (True, True)}[role_draw]
    services = rng.sample(service_slugs, rng.randint(1, 4))
    if index < len(service_slugs):
        services = sorted({*services, service_slugs[index]})
    online_only = rng.random() < 0.05
    name = organisation_name(rng, city)
    service_names = [_lower_first(SERVICE_NAMES[slug]) for slug in services]
    kind = "support" if supports else "tools"
    lead, who = rng.choice(SUMMARY_LEADS[kind]), rng.choice(WHO)
    summary = lead.format(who=who, what=_join(service_names))
    domain = slugify(name)[:40].strip("-") or f"org-{index}"
    tld = {"GB": "org.uk", "DE": "de", "FR": "fr", "IT": "it", "ES": "es", "NL": "nl"}.get(
        country, "eu"
    )
    published = BASE_DATE - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
    who2 = rng.choice(WHO)
    data = {
        "title": name,
        "summary": summary[:300],
        "description": (
            f"<p>{name} is {_article(LegalFormFamily(legal_form).label.lower())} based in {city}. "
            f"{summary}</p><p>It works mostly with {who2} and shares its methods "
            "openly so that others can reuse them.</p>"
        ),
        # What the texts were made of, to write them in other languages (demo.translations).
        "text_choices": {
            "name": name,
            "city": city,
            "kind": kind,
            "lead": SUMMARY_LEADS[kind].index(lead),
            "who": WHO.index(who),
            "who2": WHO.index(who2),
            "services": services,
            "legal_form": legal_form,
        },
        "website": f"https://{domain}.{tld}/",
        "email": f"{rng.choice(['contact', 'hello', 'info', 'bonjour', 'hallo'])}@{domain}.{tld}",
        "phone": "+{} {} {:02d} {:02d} {:02d} {:02d}".format(
            rng.randint(30, 49), rng.randint(1, 9), *(rng.randint(10, 99) for _ in range(4))
        ),
        "address": "" if online_only else f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        "postcode": "" if online_only else f"{rng.randint(1000, 99999)}",
        "city": city,
        "country": country,
        "online_only": online_only,
        "latitude": None if online_only else round(lat + rng.uniform(-0.03, 0.03), 6),
        "longitude": None if online_only else round(lng + rng.uniform(-0.045, 0.045), 6),
        "sector": sector,
        "legal_form": legal_form,
        "national_legal_form": national,
        "supports_transition": supports,
        "provides_tools": tools,
        "services": services,
        "scope": rng.choices(Scope.values, weights=[25, 25, 30, 15, 5])[0],
        "countries_served": sorted(rng.sample(sorted(COUNTRIES), rng.randint(0, 3))),
        "languages": sorted(
            set(languages[: rng.randint(1, len(languages))])
            | ({"en"} if rng.random() < 0.4 else set())
        ),
        "founded_year": rng.randint(1975, 2025),
        "staff_size": rng.choice(StaffSize.values),
        "open_source": tools or rng.random() < 0.4,
        "open_source_note": "Our code is published under the AGPL." if tools else "",
        "data_source": DEMO_SOURCE,
        "source_record_id": f"demo-{index + 1}",
        "source_licence": DEMO_LICENCE,
        "last_verified": (published + timedelta(days=rng.randint(0, 60))).date()
        if rng.random() < 0.7
        else None,
        "published_at": published,
        "social_links": [
            (kind, url.format(domain=domain))
            for kind, url in rng.sample(
                [
                    (SocialNetwork.MASTODON, "https://social.coop/@{domain}"),
                    (SocialNetwork.PEERTUBE, "https://peertube.example.org/c/{domain}"),
                    (SocialNetwork.LINKEDIN, "https://www.linkedin.com/company/{domain}"),
                    (SocialNetwork.CODEBERG, "https://codeberg.org/{domain}"),
                ],
                rng.randint(0, 2),
            )
        ],
    }
    if data["last_verified"] and data["last_verified"] > date(2026, 11, 1):
        data["last_verified"] = date(2026, 11, 1)
    return data
