"""The demo stories' text, in English and French (written for the demo; people are fictional)."""

from datetime import date

# (slug, English name, French name, English description)
THEMES = [
    (
        "digital-inclusion",
        "Digital inclusion",
        "Inclusion numérique",
        "Access, skills, confidence.",
    ),
    ("public-policy", "Public policy", "Politiques publiques", "Laws, funding and public action."),
    ("open-source", "Open source", "Logiciels libres", "Free software and open standards."),
    ("cooperation", "Cooperation", "Coopération", "Working together, sharing tools."),
    ("funding", "Funding", "Financement", "How social tech is paid for."),
]

# key: (name, {lang: (role, bio)})
AUTHORS = {
    "ines": (
        "Inès Dubois",
        {
            "en": (
                "Communications officer, Social Tech Atlas",
                "Inès writes about the people and cooperatives behind the Atlas. She used to run "
                "a community radio in Lille.",
            ),
            "fr": (
                "Chargée de communication, Atlas de la tech sociale",
                "Inès écrit sur les personnes et les coopératives qui font l’Atlas. Elle a "
                "longtemps animé une radio associative à Lille.",
            ),
        },
    ),
    "tomas": (
        "Tomás Herrera",
        {
            "en": (
                "Policy editor",
                "Tomás follows European and national policy on the social and solidarity economy.",
            ),
            "fr": (
                "Rédacteur politiques publiques",
                "Tomás suit les politiques européennes et nationales de l’économie sociale et "
                "solidaire.",
            ),
        },
    ),
}


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _qa(question, answer):
    return {"type": "question_answer", "value": {"question": question, "answer": _p(answer)}}


def _quote(quote, attribution, role=""):
    return {
        "type": "pull_quote",
        "value": {"quote": quote, "attribution": attribution, "role": role},
    }


def _faq(title, *items):
    return {
        "type": "faq",
        "value": {
            "title": title,
            "items": [{"question": q, "answer": _p(a)} for q, a in items],
        },
    }


def _figures(title, *figures):
    return {
        "type": "key_figures",
        "value": {"title": title, "figures": [{"number": n, "label": lbl} for n, lbl in figures]},
    }


def _heading(text):
    return {"type": "heading", "value": {"text": text, "anchor": ""}}


def _text(*paragraphs):
    return {"type": "paragraph", "value": _p(*paragraphs)}


# Each story: slug, kind, date, themes, authors, sectors of the organisations it mentions,
# hero colours, and per language: title, slug, standfirst, caption, body (a function taking the
# ids of the directory page and of an illustration, so blocks can point to them).
STORIES = [
    {
        "key": "interview-mutual",
        "kind": "interview",
        "date": date(2026, 10, 2),
        "themes": ["funding", "cooperation", "open-source"],
        "authors": ["ines"],
        "sectors": ["hosting", "open-source", "digital-inclusion"],
        "colours": ("#0b6e4f", "#3b2a7a"),
        "en": {
            "title": "“Our members asked where their data was going”",
            "slug": "interview-mutual-insurer-digital-cooperatives",
            "standfirst": "Claire Martin heads the social economy programme of a mutual insurer "
            "with 1.2 million members. She explains why it now funds digital cooperatives, and "
            "what it expects from them.",
            "caption": "Claire Martin at the mutual’s head office.",
            "credit": "Illustration: Social Tech Atlas",
            "body": lambda ids: [
                _qa(
                    "Why does a mutual insurer care about digital cooperatives?",
                    "Because our members asked us. Two years ago, during our annual assemblies, "
                    "the question that came back most often was not about premiums: it was "
                    "“where does my health data go?”. We realised we could not answer properly.",
                ),
                _qa(
                    "What did you change?",
                    "We moved our member tools to a cooperative host in France, and we opened a "
                    "fund of €2 million for social economy organisations that build or teach "
                    "open digital tools. Half of it goes to digital inclusion.",
                ),
                _quote(
                    "Digital sovereignty is a social question before it is a technical one.",
                    "Claire Martin",
                    "Head of social economy, mutual insurer",
                ),
                _qa(
                    "Is it not riskier to work with small cooperatives than with big vendors?",
                    "The risk is different. A big vendor will not disappear tomorrow, but it "
                    "will not listen to us either. A cooperative shares its roadmap with us and "
                    "publishes its code: if it stopped, another could take over.",
                ),
                _qa(
                    "How do you find them?",
                    "That is exactly why we support the Atlas. Before, we relied on word of "
                    "mouth. Now our regional teams search the directory by service and region "
                    "and contact two or three organisations before each project.",
                ),
                _faq(
                    "Frequently asked questions",
                    (
                        "Who can apply to the fund?",
                        "Any social and solidarity economy organisation in the European Union "
                        "that builds, hosts or teaches open digital tools.",
                    ),
                    (
                        "When is the next call?",
                        "Applications open every spring and autumn; the dates are announced on "
                        "the mutual’s website.",
                    ),
                ),
            ],
        },
        "fr": {
            "title": "« Nos adhérents voulaient savoir où allaient leurs données »",
            "slug": "entretien-mutuelle-cooperatives-numeriques",
            "standfirst": "Claire Martin dirige le programme économie sociale d’une mutuelle "
            "de 1,2 million d’adhérents. Elle explique pourquoi celle-ci finance désormais des "
            "coopératives numériques, et ce qu’elle en attend.",
            "caption": "Claire Martin au siège de la mutuelle.",
            "credit": "Illustration : Atlas de la tech sociale",
            "body": lambda ids: [
                _qa(
                    "Pourquoi une mutuelle s’intéresse-t-elle aux coopératives numériques ?",
                    "Parce que nos adhérents nous l’ont demandé. Il y a deux ans, lors de nos "
                    "assemblées, la question qui revenait le plus ne portait pas sur les "
                    "cotisations : c’était « où vont mes données de santé ? ». Nous avons "
                    "compris que nous ne savions pas bien y répondre.",
                ),
                _qa(
                    "Qu’avez-vous changé ?",
                    "Nous avons migré nos outils adhérents chez un hébergeur coopératif en "
                    "France, et ouvert un fonds de 2 millions d’euros pour les structures de "
                    "l’ESS qui construisent ou enseignent des outils numériques ouverts. La "
                    "moitié va à l’inclusion numérique.",
                ),
                _quote(
                    "La souveraineté numérique est une question sociale avant d’être une "
                    "question technique.",
                    "Claire Martin",
                    "Directrice de l’économie sociale, mutuelle d’assurance",
                ),
                _qa(
                    "N’est-il pas plus risqué de travailler avec de petites coopératives ?",
                    "Le risque est différent. Un grand éditeur ne disparaîtra pas demain, mais "
                    "il ne nous écoutera pas non plus. Une coopérative partage sa feuille de "
                    "route et publie son code : si elle s’arrêtait, une autre pourrait reprendre.",
                ),
                _qa(
                    "Comment les trouvez-vous ?",
                    "C’est précisément pour cela que nous soutenons l’Atlas. Avant, nous "
                    "fonctionnions au bouche-à-oreille. Aujourd’hui, nos équipes régionales "
                    "cherchent dans l’annuaire par service et par région, et contactent deux ou "
                    "trois structures avant chaque projet.",
                ),
                _faq(
                    "Questions fréquentes",
                    (
                        "Qui peut candidater au fonds ?",
                        "Toute structure de l’économie sociale et solidaire de l’Union "
                        "européenne qui construit, héberge ou enseigne des outils numériques "
                        "ouverts.",
                    ),
                    (
                        "Quand a lieu le prochain appel ?",
                        "Les candidatures ouvrent chaque printemps et chaque automne ; les dates "
                        "sont annoncées sur le site de la mutuelle.",
                    ),
                ),
            ],
        },
    },
    {
        "key": "hearing",
        "kind": "news",
        "date": date(2026, 9, 18),
        "themes": ["public-policy", "digital-inclusion"],
        "authors": ["tomas"],
        "sectors": ["digital-inclusion", "training"],
        "colours": ("#9a3412", "#1b1f24"),
        "en": {
            "title": "Public hearing: MPs question the social economy’s digital gap",
            "slug": "public-hearing-social-economy-digital-gap",
            "standfirst": "At a public hearing on the social and solidarity economy, "
            "federations, cooperatives and a minister’s adviser agreed on the diagnosis: small "
            "associations are being left behind by the digitalisation of public services.",
            "caption": "The hearing room, seen from the press gallery.",
            "credit": "Illustration: Social Tech Atlas",
            "body": lambda ids: [
                _text(
                    "The committee heard six speakers over three hours. All of them described "
                    "the same gap: grant applications, payroll and member services have moved "
                    "online, but most small associations have no one whose job is digital."
                ),
                _figures(
                    "What the speakers reported",
                    ("38 %", "of associations say they lack digital skills"),
                    ("1 in 5", "have no one in charge of their tools"),
                    ("€0", "of digital budget in most associations under 10 staff"),
                ),
                _heading("“Training alone will not be enough”"),
                _text(
                    "For the federation of social centres, the answer cannot only be training "
                    "courses. Its delegate asked for funded time: a day a week, shared between "
                    "several associations, for a digital helper."
                ),
                _quote(
                    "We keep offering courses to volunteers who have no time to take them.",
                    "Samira Benali",
                    "Delegate, federation of social centres",
                ),
                _heading("Cooperatives ask for fair public procurement"),
                _text(
                    "Speaking for a network of tech cooperatives, Jonas Weber asked that public "
                    "tenders stop requiring turnover thresholds that exclude small cooperatives, "
                    "and that they favour open-source software."
                ),
                _quote(
                    "Public money should pay for public code.",
                    "Jonas Weber",
                    "Network of tech cooperatives",
                ),
                _text(
                    "The minister’s adviser announced a mapping of existing support, and cited "
                    "the Social Tech Atlas as a starting point. The committee’s report is "
                    "expected in the spring."
                ),
                {
                    "type": "call_to_action",
                    "value": {
                        "title": "Find support near you",
                        "text": "Browse the organisations that train and equip associations.",
                        "button_label": "Open the directory",
                        "page": ids["directory"],
                        "url": "",
                    },
                },
            ],
        },
        "fr": {
            "title": "Audition publique : les députés face à la fracture numérique de l’ESS",
            "slug": "audition-publique-fracture-numerique-ess",
            "standfirst": "Lors d’une audition publique sur l’économie sociale et solidaire, "
            "fédérations, coopératives et conseiller ministériel ont partagé le diagnostic : les "
            "petites associations décrochent face à la dématérialisation des services publics.",
            "caption": "La salle d’audition, vue de la tribune de presse.",
            "credit": "Illustration : Atlas de la tech sociale",
            "body": lambda ids: [
                _text(
                    "La commission a entendu six intervenants pendant trois heures. Tous ont "
                    "décrit le même écart : demandes de subvention, paie et services aux "
                    "adhérents sont passés en ligne, mais la plupart des petites associations "
                    "n’ont personne dont le numérique soit le métier."
                ),
                _figures(
                    "Ce qu’ont rapporté les intervenants",
                    ("38 %", "des associations disent manquer de compétences numériques"),
                    ("1 sur 5", "n’a personne en charge de ses outils"),
                    (
                        "0 €",
                        "de budget numérique dans la plupart des associations de moins de "
                        "10 salariés",
                    ),
                ),
                _heading("« La formation ne suffira pas »"),
                _text(
                    "Pour la fédération des centres sociaux, la réponse ne peut pas se limiter "
                    "à des formations. Sa déléguée a demandé du temps financé : une journée par "
                    "semaine, partagée entre plusieurs associations, pour un accompagnateur "
                    "numérique."
                ),
                _quote(
                    "Nous continuons de proposer des formations à des bénévoles qui n’ont pas "
                    "le temps de les suivre.",
                    "Samira Benali",
                    "Déléguée, fédération des centres sociaux",
                ),
                _heading("Les coopératives demandent une commande publique équitable"),
                _text(
                    "Au nom d’un réseau de coopératives numériques, Jonas Weber a demandé que "
                    "les marchés publics cessent d’exiger des seuils de chiffre d’affaires qui "
                    "excluent les petites coopératives, et qu’ils privilégient le logiciel libre."
                ),
                _quote(
                    "L’argent public doit financer du code public.",
                    "Jonas Weber",
                    "Réseau de coopératives numériques",
                ),
                _text(
                    "Le conseiller du ministre a annoncé une cartographie des dispositifs "
                    "existants, en citant l’Atlas de la tech sociale comme point de départ. Le "
                    "rapport de la commission est attendu au printemps."
                ),
                {
                    "type": "call_to_action",
                    "value": {
                        "title": "Trouver un accompagnement près de chez vous",
                        "text": "Parcourez les structures qui forment et équipent les "
                        "associations.",
                        "button_label": "Ouvrir l’annuaire",
                        "page": ids["directory"],
                        "url": "",
                    },
                },
            ],
        },
    },
    {
        "key": "atlas-launch",
        "kind": "atlas",
        "date": date(2026, 9, 5),
        "themes": ["cooperation", "open-source"],
        "authors": ["ines", "tomas"],
        "sectors": ["design"],
        "colours": ("#1d4ed8", "#0b6e4f"),
        "en": {
            "title": "Why we are building the Social Tech Atlas",
            "slug": "why-we-are-building-the-atlas",
            "standfirst": "A free, open directory of the organisations that help the social "
            "economy through its digital transition: what it is, how it is made, and how to "
            "take part.",
            "caption": "Every dot on the map is an organisation of the social economy.",
            "credit": "Illustration: Social Tech Atlas",
            "body": lambda ids: [
                _text(
                    "Associations, cooperatives and mutuals need digital partners who share "
                    "their values. Those partners exist, all over Europe, but they are hard to "
                    "find: small, busy, and rarely advertised.",
                    "The Atlas lists them in one place, in French and English, with their "
                    "services, their languages and where they work.",
                ),
                _heading("Open by design"),
                _text(
                    "The Atlas’s data is published as open data, and its code is free software. "
                    "The site loads no tracker and no third-party script: reading it tells "
                    "nobody else what you read."
                ),
                {
                    "type": "image",
                    "value": {
                        "image": ids["illustration"],
                        "alt_text": "Coloured dots spread over a stylised map of Europe.",
                        "caption": "Each colour is a sector of activity.",
                        "credit": "Illustration: Social Tech Atlas",
                    },
                },
                _faq(
                    "Frequently asked questions",
                    (
                        "Who can be listed?",
                        "Social and solidarity economy organisations that support digital "
                        "transition or provide open digital tools.",
                    ),
                    ("Is it free?", "Yes, for everyone, and the data is open."),
                    (
                        "How are entries checked?",
                        "A moderator reviews every new organisation and every change.",
                    ),
                ),
            ],
        },
        "fr": {
            "title": "Pourquoi nous construisons l’Atlas de la tech sociale",
            "slug": "pourquoi-nous-construisons-l-atlas",
            "standfirst": "Un annuaire libre et ouvert des structures qui accompagnent "
            "l’économie sociale dans sa transition numérique : ce qu’il est, comment il est "
            "fait, et comment y participer.",
            "caption": "Chaque point de la carte est une structure de l’économie sociale.",
            "credit": "Illustration : Atlas de la tech sociale",
            "body": lambda ids: [
                _text(
                    "Associations, coopératives et mutuelles ont besoin de partenaires "
                    "numériques qui partagent leurs valeurs. Ces partenaires existent partout "
                    "en Europe, mais ils sont difficiles à trouver : petits, occupés, et "
                    "rarement mis en avant.",
                    "L’Atlas les réunit en un seul endroit, en français et en anglais, avec "
                    "leurs services, leurs langues et leurs zones d’intervention.",
                ),
                _heading("Ouvert par principe"),
                _text(
                    "Les données de l’Atlas sont publiées en open data et son code est libre. "
                    "Le site ne charge aucun traceur ni script tiers : le lire ne dit à "
                    "personne d’autre ce que vous lisez."
                ),
                {
                    "type": "image",
                    "value": {
                        "image": ids["illustration"],
                        "alt_text": "Des points de couleur sur une carte stylisée de l’Europe.",
                        "caption": "Chaque couleur est un secteur d’activité.",
                        "credit": "Illustration : Atlas de la tech sociale",
                    },
                },
                _faq(
                    "Questions fréquentes",
                    (
                        "Qui peut y figurer ?",
                        "Les structures de l’économie sociale et solidaire qui accompagnent la "
                        "transition numérique ou proposent des outils numériques ouverts.",
                    ),
                    ("Est-ce gratuit ?", "Oui, pour tout le monde, et les données sont ouvertes."),
                    (
                        "Comment les fiches sont-elles vérifiées ?",
                        "Un modérateur relit chaque nouvelle structure et chaque modification.",
                    ),
                ),
            ],
        },
    },
    {
        "key": "portrait",
        "kind": "portrait",
        "date": date(2026, 8, 21),
        "themes": ["digital-inclusion", "cooperation"],
        "authors": ["ines"],
        "sectors": ["training"],
        "colours": ("#7c3aed", "#0b6e4f"),
        "en": {
            "title": "Portrait: the repair café that became a digital cooperative",
            "slug": "portrait-repair-cafe-digital-cooperative",
            "standfirst": "In a former bakery in Ghent, volunteers who fixed laptops on "
            "Saturdays now run a cooperative of twelve people that trains and equips local "
            "associations.",
            "caption": "The workshop, on a Saturday morning.",
            "credit": "Illustration: Social Tech Atlas",
            "body": lambda ids: [
                _text(
                    "It started with broken laptops. In 2017, a handful of neighbours opened a "
                    "repair café in a former bakery. People came with computers that were too "
                    "slow, too old, or locked by a forgotten password.",
                    "The volunteers installed free software, and soon associations were "
                    "asking for the same: a dozen computers for a literacy class, a shared "
                    "calendar for a food bank.",
                ),
                _quote(
                    "We never planned to become a company. We just kept saying yes.",
                    "Lotte Peeters",
                    "Co-founder of the cooperative",
                ),
                _heading("From volunteers to a cooperative"),
                _text(
                    "In 2021 the group became a cooperative, so that the people doing the work "
                    "could be paid and the associations they served could become members. It "
                    "now employs twelve people and trains around forty associations a year."
                ),
                _figures(
                    "",
                    ("12", "worker-members"),
                    ("40", "associations trained each year"),
                    ("1,500", "computers given a second life"),
                ),
            ],
        },
        "fr": {
            "title": "Portrait : le repair café devenu coopérative numérique",
            "slug": "portrait-repair-cafe-cooperative-numerique",
            "standfirst": "Dans une ancienne boulangerie de Gand, des bénévoles qui réparaient "
            "des ordinateurs le samedi animent aujourd’hui une coopérative de douze personnes "
            "qui forme et équipe les associations du quartier.",
            "caption": "L’atelier, un samedi matin.",
            "credit": "Illustration : Atlas de la tech sociale",
            "body": lambda ids: [
                _text(
                    "Tout a commencé avec des ordinateurs en panne. En 2017, quelques voisins "
                    "ouvrent un repair café dans une ancienne boulangerie. On y vient avec des "
                    "machines trop lentes, trop vieilles, ou bloquées par un mot de passe oublié.",
                    "Les bénévoles installent des logiciels libres, et bientôt des "
                    "associations demandent la même chose : une douzaine d’ordinateurs pour un "
                    "cours d’alphabétisation, un agenda partagé pour une banque alimentaire.",
                ),
                _quote(
                    "Nous n’avions jamais prévu de devenir une entreprise. Nous avons juste "
                    "continué à dire oui.",
                    "Lotte Peeters",
                    "Cofondatrice de la coopérative",
                ),
                _heading("Des bénévoles à la coopérative"),
                _text(
                    "En 2021, le groupe devient une coopérative, pour que celles et ceux qui "
                    "font le travail soient payés et que les associations accompagnées "
                    "puissent en devenir membres. Elle emploie aujourd’hui douze personnes et "
                    "forme une quarantaine d’associations par an."
                ),
                _figures(
                    "",
                    ("12", "salariés associés"),
                    ("40", "associations formées chaque année"),
                    ("1 500", "ordinateurs reconditionnés"),
                ),
            ],
        },
    },
]

PARTNERS = [
    ("Fondation pour le numérique solidaire (demo)", "funder", "#0b6e4f"),
    ("European Social Economy Network (demo)", "partner", "#1d4ed8"),
    ("Coop Hosting Alliance (demo)", "partner", "#7c3aed"),
    ("Regional Innovation Fund (demo)", "funder", "#b45309"),
]

HOME_TEXT = {
    "en": {
        "map_teaser_title": "Explore the map",
        "map_teaser_text": "See where the organisations of the Atlas work, zoom into your "
        "region, and filter by sector or service.",
        "cta_title": "Is your organisation missing?",
        "cta_text": "If your organisation helps the social economy with technology, add it to "
        "the Atlas: it is free, and a moderator checks every entry.",
    },
    "fr": {
        "map_teaser_title": "Explorer la carte",
        "map_teaser_text": "Voyez où agissent les structures de l’Atlas, zoomez sur votre "
        "région et filtrez par secteur ou par service.",
        "cta_title": "Votre structure n’y figure pas ?",
        "cta_text": "Si votre structure aide l’économie sociale avec le numérique, ajoutez-la "
        "à l’Atlas : c’est gratuit, et un modérateur vérifie chaque fiche.",
    },
}
