"""Real-world actors and dated role holders (2024-12 .. 2026-11) used by the sample generator.

Everything here is data, in one place. Role holders carry start and end dates (end exclusive);
``None`` means open. Where a holder's future is not known for sure (an election whose outcome
the project does not assert), the table simply stops and the generator does not use the role
after that date: it never invents a successor.

Holders with an open end are assumed to stay in office to the end of the corpus (2026-11-20);
the project's knowledge of 2026 is thin, so treat late-2026 holders as an assumption (notably
heads of government facing elections in 2026: Israel; Denmark's March 2026 election kept
Frederiksen in office; Lebanon's May 2026 election was postponed by two years).

Ids follow the project conventions: countries by ISO 3166 alpha-3, everything else by a
lowercase slug; kinds are person, organization, country, place, group.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Countries: id, canonical name, demonym (adjective), capital standing for the government (or
# None), other names some house styles use.
COUNTRIES: list[tuple[str, str, str, str | None, tuple[str, ...]]] = [
    ("USA", "United States", "American", "Washington", ("the US",)),
    ("GBR", "United Kingdom", "British", "London", ("Britain", "the UK")),
    ("RUS", "Russia", "Russian", "Moscow", ()),
    ("UKR", "Ukraine", "Ukrainian", "Kyiv", ()),
    ("CHN", "China", "Chinese", "Beijing", ()),
    ("ISR", "Israel", "Israeli", None, ()),
    ("PSE", "Palestine", "Palestinian", None, ()),
    ("IRN", "Iran", "Iranian", "Tehran", ()),
    ("SYR", "Syria", "Syrian", "Damascus", ()),
    ("LBN", "Lebanon", "Lebanese", "Beirut", ()),
    ("TUR", "Türkiye", "Turkish", "Ankara", ()),  # "Turkey" in some house styles
    ("QAT", "Qatar", "Qatari", "Doha", ()),
    ("EGY", "Egypt", "Egyptian", "Cairo", ()),
    ("SAU", "Saudi Arabia", "Saudi", "Riyadh", ()),
    ("ARE", "United Arab Emirates", "Emirati", "Abu Dhabi", ("the UAE",)),
    ("JOR", "Jordan", "Jordanian", "Amman", ()),
    ("IRQ", "Iraq", "Iraqi", "Baghdad", ()),
    ("YEM", "Yemen", "Yemeni", None, ()),
    ("OMN", "Oman", "Omani", "Muscat", ()),
    ("DEU", "Germany", "German", "Berlin", ()),
    ("FRA", "France", "French", "Paris", ()),
    ("ITA", "Italy", "Italian", "Rome", ()),
    ("ESP", "Spain", "Spanish", "Madrid", ()),
    ("POL", "Poland", "Polish", "Warsaw", ()),
    ("HUN", "Hungary", "Hungarian", "Budapest", ()),
    ("NLD", "Netherlands", "Dutch", None, ("the Netherlands",)),
    ("NOR", "Norway", "Norwegian", "Oslo", ()),
    ("DNK", "Denmark", "Danish", "Copenhagen", ()),
    ("FIN", "Finland", "Finnish", "Helsinki", ()),
    ("BLR", "Belarus", "Belarusian", "Minsk", ()),
    ("CAN", "Canada", "Canadian", "Ottawa", ()),
    ("MEX", "Mexico", "Mexican", "Mexico City", ()),
    ("BRA", "Brazil", "Brazilian", "Brasília", ()),
    ("IND", "India", "Indian", "New Delhi", ()),
    ("PAK", "Pakistan", "Pakistani", "Islamabad", ()),
    ("JPN", "Japan", "Japanese", "Tokyo", ()),
    ("KOR", "South Korea", "South Korean", "Seoul", ()),
    ("PRK", "North Korea", "North Korean", "Pyongyang", ()),
    ("TWN", "Taiwan", "Taiwanese", "Taipei", ()),
    ("AUS", "Australia", "Australian", "Canberra", ()),
    ("SDN", "Sudan", "Sudanese", None, ()),
    ("ZAF", "South Africa", "South African", "Pretoria", ()),
    ("IDN", "Indonesia", "Indonesian", "Jakarta", ()),
    ("VAT", "Vatican City", "Vatican", None, ("the Vatican",)),
]

# ---------------------------------------------------------------------------------------------
# Organisations: id, canonical name, short form used after the first mention (or None),
# whether the name takes "the" ("the United Nations" but "NATO", "Hamas"), affiliation country.
ORGANIZATIONS: list[tuple[str, str, str | None, bool, str | None]] = [
    ("united-nations", "United Nations", "UN", True, None),
    ("un-security-council", "UN Security Council", "Security Council", True, None),
    ("nato", "NATO", None, False, None),
    ("european-union", "European Union", "EU", True, None),
    ("european-commission", "European Commission", "Commission", True, None),
    ("european-council", "European Council", None, True, None),
    ("iaea", "International Atomic Energy Agency", "IAEA", True, None),
    ("opec", "OPEC", None, False, None),
    ("hamas", "Hamas", None, False, "PSE"),
    ("hezbollah", "Hezbollah", None, False, "LBN"),
    ("houthis", "Houthis", None, True, "YEM"),
    ("who", "World Health Organization", "WHO", True, None),
    ("wto", "World Trade Organization", "WTO", True, None),
    ("imf", "International Monetary Fund", "IMF", True, None),
    ("iea", "International Energy Agency", "IEA", True, None),
    ("unfccc", "UN Framework Convention on Climate Change", "UNFCCC", True, None),
    ("unrwa", "UNRWA", None, False, None),
    ("icrc", "International Committee of the Red Cross", "ICRC", True, None),
    ("rapid-support-forces", "Rapid Support Forces", "RSF", True, "SDN"),
    ("irgc", "Islamic Revolutionary Guard Corps", "IRGC", True, "IRN"),
    ("syrian-democratic-forces", "Syrian Democratic Forces", "SDF", True, "SYR"),
    ("unifil", "UNIFIL", None, False, None),
    ("g7", "G7", None, True, None),
    ("g20", "G20", None, True, None),
    ("african-union", "African Union", "AU", True, None),
    ("arab-league", "Arab League", None, True, None),
    ("palestinian-authority", "Palestinian Authority", "PA", True, "PSE"),
    ("openai", "OpenAI", None, False, "USA"),
    ("nvidia", "Nvidia", None, False, "USA"),
]

# ---------------------------------------------------------------------------------------------
# Places: id, canonical name, other names, whether it takes "the", affiliation country.
PLACES: list[tuple[str, str, tuple[str, ...], bool, str | None]] = [
    ("gaza", "Gaza", ("the Gaza Strip",), False, "PSE"),
    ("rafah", "Rafah", (), False, "PSE"),
    ("west-bank", "West Bank", (), True, "PSE"),
    ("khan-younis", "Khan Younis", (), False, "PSE"),
    ("crimea", "Crimea", (), False, "UKR"),
    ("donbas", "Donbas", (), False, "UKR"),
    ("zaporizhzhia", "Zaporizhzhia", (), False, "UKR"),
    ("kursk", "Kursk", (), False, "RUS"),
    ("red-sea", "Red Sea", (), True, None),
    ("bab-el-mandeb", "Bab el-Mandeb", (), False, None),
    ("suez-canal", "Suez Canal", (), True, "EGY"),
    ("strait-of-hormuz", "Strait of Hormuz", (), True, None),
    ("fordow", "Fordow", (), False, "IRN"),
    ("natanz", "Natanz", (), False, "IRN"),
    ("golan-heights", "Golan Heights", (), True, None),
    ("taiwan-strait", "Taiwan Strait", (), True, None),
    ("el-fasher", "El Fasher", (), False, "SDN"),
    ("darfur", "Darfur", (), False, "SDN"),
    ("khartoum", "Khartoum", (), False, "SDN"),
    ("belem", "Belém", (), False, "BRA"),
    ("greenland", "Greenland", (), False, "DNK"),
]

# Collective actors (kind ``group``): id, canonical name, affiliation.
GROUPS: list[tuple[str, str, str | None]] = [
    ("palestinian-militants", "Palestinian militants", "PSE"),
    ("israeli-settlers", "Israeli settlers", "ISR"),
]

# ---------------------------------------------------------------------------------------------
# Persons: id, canonical name, short form on later mentions, gender ("m"/"f", for house styles
# that write "Mr." / "Ms."), affiliation.
PERSONS: list[tuple[str, str, str, str, str]] = [
    ("joe-biden", "Joe Biden", "Biden", "m", "USA"),
    ("donald-trump", "Donald Trump", "Trump", "m", "USA"),
    ("kamala-harris", "Kamala Harris", "Harris", "f", "USA"),
    ("jd-vance", "JD Vance", "Vance", "m", "USA"),
    ("antony-blinken", "Antony Blinken", "Blinken", "m", "USA"),
    ("marco-rubio", "Marco Rubio", "Rubio", "m", "USA"),
    ("steve-witkoff", "Steve Witkoff", "Witkoff", "m", "USA"),
    ("keith-kellogg", "Keith Kellogg", "Kellogg", "m", "USA"),
    ("amos-hochstein", "Amos Hochstein", "Hochstein", "m", "USA"),
    ("tom-barrack", "Tom Barrack", "Barrack", "m", "USA"),
    ("lloyd-austin", "Lloyd Austin", "Austin", "m", "USA"),
    ("pete-hegseth", "Pete Hegseth", "Hegseth", "m", "USA"),
    ("janet-yellen", "Janet Yellen", "Yellen", "f", "USA"),
    ("scott-bessent", "Scott Bessent", "Bessent", "m", "USA"),
    ("howard-lutnick", "Howard Lutnick", "Lutnick", "m", "USA"),
    ("jamieson-greer", "Jamieson Greer", "Greer", "m", "USA"),
    ("robert-f-kennedy-jr", "Robert F. Kennedy Jr.", "Kennedy", "m", "USA"),
    ("keir-starmer", "Keir Starmer", "Starmer", "m", "GBR"),
    ("david-lammy", "David Lammy", "Lammy", "m", "GBR"),
    ("yvette-cooper", "Yvette Cooper", "Cooper", "f", "GBR"),
    ("vladimir-putin", "Vladimir Putin", "Putin", "m", "RUS"),
    ("sergei-lavrov", "Sergei Lavrov", "Lavrov", "m", "RUS"),
    ("dmitry-peskov", "Dmitry Peskov", "Peskov", "m", "RUS"),
    ("kirill-dmitriev", "Kirill Dmitriev", "Dmitriev", "m", "RUS"),
    ("volodymyr-zelensky", "Volodymyr Zelensky", "Zelensky", "m", "UKR"),
    ("andrii-sybiha", "Andrii Sybiha", "Sybiha", "m", "UKR"),
    ("denys-shmyhal", "Denys Shmyhal", "Shmyhal", "m", "UKR"),
    ("yulia-svyrydenko", "Yulia Svyrydenko", "Svyrydenko", "f", "UKR"),
    ("xi-jinping", "Xi Jinping", "Xi", "m", "CHN"),
    ("wang-yi", "Wang Yi", "Wang", "m", "CHN"),
    ("benjamin-netanyahu", "Benjamin Netanyahu", "Netanyahu", "m", "ISR"),
    ("israel-katz", "Israel Katz", "Katz", "m", "ISR"),
    ("gideon-saar", "Gideon Saar", "Saar", "m", "ISR"),
    ("isaac-herzog", "Isaac Herzog", "Herzog", "m", "ISR"),
    ("mahmoud-abbas", "Mahmoud Abbas", "Abbas", "m", "PSE"),
    ("khalil-al-hayya", "Khalil al-Hayya", "al-Hayya", "m", "PSE"),
    ("ali-khamenei", "Ali Khamenei", "Khamenei", "m", "IRN"),
    ("mojtaba-khamenei", "Mojtaba Khamenei", "Khamenei", "m", "IRN"),
    ("masoud-pezeshkian", "Masoud Pezeshkian", "Pezeshkian", "m", "IRN"),
    ("abbas-araghchi", "Abbas Araghchi", "Araghchi", "m", "IRN"),
    ("bashar-al-assad", "Bashar al-Assad", "Assad", "m", "SYR"),
    ("ahmed-al-sharaa", "Ahmed al-Sharaa", "al-Sharaa", "m", "SYR"),
    ("asaad-al-shaibani", "Asaad al-Shaibani", "al-Shaibani", "m", "SYR"),
    ("joseph-aoun", "Joseph Aoun", "Aoun", "m", "LBN"),
    ("najib-mikati", "Najib Mikati", "Mikati", "m", "LBN"),
    ("nawaf-salam", "Nawaf Salam", "Salam", "m", "LBN"),
    ("naim-qassem", "Naim Qassem", "Qassem", "m", "LBN"),
    ("abdul-malik-al-houthi", "Abdul-Malik al-Houthi", "al-Houthi", "m", "YEM"),
    ("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "Erdoğan", "m", "TUR"),
    ("hakan-fidan", "Hakan Fidan", "Fidan", "m", "TUR"),
    ("tamim-bin-hamad-al-thani", "Tamim bin Hamad Al Thani", "Sheikh Tamim", "m", "QAT"),
    (
        "mohammed-bin-abdulrahman-al-thani",
        "Mohammed bin Abdulrahman Al Thani",
        "Sheikh Mohammed",
        "m",
        "QAT",
    ),
    ("abdel-fattah-al-sisi", "Abdel Fattah al-Sisi", "Sisi", "m", "EGY"),
    ("badr-abdelatty", "Badr Abdelatty", "Abdelatty", "m", "EGY"),
    ("mohammed-bin-salman", "Mohammed bin Salman", "Prince Mohammed", "m", "SAU"),
    ("faisal-bin-farhan", "Faisal bin Farhan", "Prince Faisal", "m", "SAU"),
    ("mohamed-bin-zayed", "Mohamed bin Zayed", "Sheikh Mohamed", "m", "ARE"),
    ("abdullah-ii", "Abdullah II", "King Abdullah", "m", "JOR"),
    ("badr-albusaidi", "Badr Albusaidi", "Albusaidi", "m", "OMN"),
    ("olaf-scholz", "Olaf Scholz", "Scholz", "m", "DEU"),
    ("friedrich-merz", "Friedrich Merz", "Merz", "m", "DEU"),
    ("annalena-baerbock", "Annalena Baerbock", "Baerbock", "f", "DEU"),
    ("johann-wadephul", "Johann Wadephul", "Wadephul", "m", "DEU"),
    ("emmanuel-macron", "Emmanuel Macron", "Macron", "m", "FRA"),
    ("michel-barnier", "Michel Barnier", "Barnier", "m", "FRA"),
    ("francois-bayrou", "François Bayrou", "Bayrou", "m", "FRA"),
    ("sebastien-lecornu", "Sébastien Lecornu", "Lecornu", "m", "FRA"),
    ("jean-noel-barrot", "Jean-Noël Barrot", "Barrot", "m", "FRA"),
    ("giorgia-meloni", "Giorgia Meloni", "Meloni", "f", "ITA"),
    ("pedro-sanchez", "Pedro Sánchez", "Sánchez", "m", "ESP"),
    ("donald-tusk", "Donald Tusk", "Tusk", "m", "POL"),
    ("andrzej-duda", "Andrzej Duda", "Duda", "m", "POL"),
    ("karol-nawrocki", "Karol Nawrocki", "Nawrocki", "m", "POL"),
    ("viktor-orban", "Viktor Orbán", "Orbán", "m", "HUN"),
    ("peter-magyar", "Péter Magyar", "Magyar", "m", "HUN"),
    ("mette-frederiksen", "Mette Frederiksen", "Frederiksen", "f", "DNK"),
    ("alexander-stubb", "Alexander Stubb", "Stubb", "m", "FIN"),
    ("alexander-lukashenko", "Alexander Lukashenko", "Lukashenko", "m", "BLR"),
    ("justin-trudeau", "Justin Trudeau", "Trudeau", "m", "CAN"),
    ("mark-carney", "Mark Carney", "Carney", "m", "CAN"),
    ("claudia-sheinbaum", "Claudia Sheinbaum", "Sheinbaum", "f", "MEX"),
    ("luiz-inacio-lula-da-silva", "Luiz Inácio Lula da Silva", "Lula", "m", "BRA"),
    ("narendra-modi", "Narendra Modi", "Modi", "m", "IND"),
    ("s-jaishankar", "S. Jaishankar", "Jaishankar", "m", "IND"),
    ("shehbaz-sharif", "Shehbaz Sharif", "Sharif", "m", "PAK"),
    ("shigeru-ishiba", "Shigeru Ishiba", "Ishiba", "m", "JPN"),
    ("sanae-takaichi", "Sanae Takaichi", "Takaichi", "f", "JPN"),
    ("lee-jae-myung", "Lee Jae-myung", "Lee", "m", "KOR"),
    ("kim-jong-un", "Kim Jong Un", "Kim", "m", "PRK"),
    ("lai-ching-te", "Lai Ching-te", "Lai", "m", "TWN"),
    ("anthony-albanese", "Anthony Albanese", "Albanese", "m", "AUS"),
    ("cyril-ramaphosa", "Cyril Ramaphosa", "Ramaphosa", "m", "ZAF"),
    ("prabowo-subianto", "Prabowo Subianto", "Prabowo", "m", "IDN"),
    ("abdel-fattah-al-burhan", "Abdel Fattah al-Burhan", "Burhan", "m", "SDN"),
    ("mohamed-hamdan-dagalo", "Mohamed Hamdan Dagalo", "Dagalo", "m", "SDN"),
    ("pope-francis", "Pope Francis", "Francis", "m", "VAT"),
    ("pope-leo-xiv", "Pope Leo XIV", "Pope Leo", "m", "VAT"),
    ("antonio-guterres", "António Guterres", "Guterres", "m", None),
    ("tom-fletcher", "Tom Fletcher", "Fletcher", "m", None),
    ("mark-rutte", "Mark Rutte", "Rutte", "m", None),
    ("ursula-von-der-leyen", "Ursula von der Leyen", "von der Leyen", "f", None),
    ("kaja-kallas", "Kaja Kallas", "Kallas", "f", None),
    ("antonio-costa", "António Costa", "Costa", "m", None),
    ("rafael-grossi", "Rafael Grossi", "Grossi", "m", None),
    ("tedros-adhanom-ghebreyesus", "Tedros Adhanom Ghebreyesus", "Tedros", "m", None),
    ("haitham-al-ghais", "Haitham al-Ghais", "al-Ghais", "m", None),
    ("ngozi-okonjo-iweala", "Ngozi Okonjo-Iweala", "Okonjo-Iweala", "f", None),
    ("kristalina-georgieva", "Kristalina Georgieva", "Georgieva", "f", None),
    ("fatih-birol", "Fatih Birol", "Birol", "m", None),
    ("simon-stiell", "Simon Stiell", "Stiell", "m", None),
    ("andre-correa-do-lago", "André Corrêa do Lago", "Corrêa do Lago", "m", "BRA"),
    ("sam-altman", "Sam Altman", "Altman", "m", "USA"),
    ("jensen-huang", "Jensen Huang", "Huang", "m", "USA"),
]

# ---------------------------------------------------------------------------------------------
# Roles. key -> (title prefix, actor the prefix names (or None), office, role-only phrase,
# full-mention pattern, holders). Holders are (person id, start, end, office override,
# role-only override); start inclusive, end exclusive, ISO dates, None = open.
# Patterns: {prefix} {office} {name}; the written name is the canonical one.
Holder = tuple[str, str | None, str | None, str | None, str | None]
Role = tuple[str, str | None, str, str, str, list[Holder]]

_STD = "{prefix} {office} {name}"

ROLES: dict[str, Role] = {
    "USA.president": (
        "US",
        "USA",
        "President",
        "the US president",
        _STD,
        [
            ("joe-biden", None, "2025-01-20", None, None),
            ("donald-trump", "2025-01-20", None, None, None),
        ],
    ),
    "USA.vp": (
        "US",
        "USA",
        "Vice President",
        "the US vice president",
        _STD,
        [
            ("kamala-harris", None, "2025-01-20", None, None),
            ("jd-vance", "2025-01-20", None, None, None),
        ],
    ),
    "USA.state": (
        "US",
        "USA",
        "Secretary of State",
        "the US secretary of state",
        _STD,
        [
            ("antony-blinken", None, "2025-01-20", None, None),
            ("marco-rubio", "2025-01-21", None, None, None),
        ],
    ),
    "USA.envoy_me": (
        "US",
        "USA",
        "special envoy",
        "the US envoy",
        _STD,
        [
            ("amos-hochstein", None, "2025-01-20", "envoy", None),
            ("steve-witkoff", "2025-01-20", None, None, None),
        ],
    ),
    # Kellogg is used only through 2025 (his later status is not asserted here).
    "USA.envoy_ukraine": (
        "US",
        "USA",
        "Ukraine envoy",
        "the US envoy for Ukraine",
        _STD,
        [
            ("keith-kellogg", "2025-01-20", "2026-01-01", None, None),
        ],
    ),
    "USA.envoy_syria": (
        "US",
        "USA",
        "Syria envoy",
        "the US envoy for Syria",
        _STD,
        [
            ("tom-barrack", "2025-05-23", None, None, None),
        ],
    ),
    "USA.defense": (
        "US",
        "USA",
        "Defense Secretary",
        "the US defense secretary",
        _STD,
        [
            ("lloyd-austin", None, "2025-01-20", None, None),
            ("pete-hegseth", "2025-01-25", "2025-09-05", None, None),
            # executive order of 2025-09-05: "Secretary of War" as a secondary title (the
            # statutory title, and many house styles, stay "defense secretary")
            ("pete-hegseth", "2025-09-05", None, "War Secretary", None),
        ],
    ),
    "USA.treasury": (
        "US",
        "USA",
        "Treasury Secretary",
        "the US treasury secretary",
        _STD,
        [
            ("janet-yellen", None, "2025-01-20", None, None),
            ("scott-bessent", "2025-01-28", None, None, None),
        ],
    ),
    "USA.commerce": (
        "US",
        "USA",
        "Commerce Secretary",
        "the US commerce secretary",
        _STD,
        [
            ("howard-lutnick", "2025-02-21", None, None, None),
        ],
    ),
    "USA.trade": (
        "US",
        "USA",
        "Trade Representative",
        "the US trade representative",
        _STD,
        [
            ("jamieson-greer", "2025-02-26", None, None, None),
        ],
    ),
    "USA.health": (
        "US",
        "USA",
        "Health Secretary",
        "the US health secretary",
        _STD,
        [
            ("robert-f-kennedy-jr", "2025-02-13", None, None, None),
        ],
    ),
    # Starmer announced his resignation on 2026-06-22 and stayed on as caretaker until Labour
    # chose a successor; Andy Burnham was expected to take over around 2026-07-20, but the
    # hand-over is not verified here, so the table stops at the last confirmed date.
    "GBR.pm": (
        "British",
        "GBR",
        "Prime Minister",
        "the British prime minister",
        _STD,
        [
            ("keir-starmer", None, "2026-07-01", None, None),
        ],
    ),
    "GBR.foreign": (
        "British",
        "GBR",
        "Foreign Secretary",
        "the British foreign secretary",
        _STD,
        [
            ("david-lammy", None, "2025-09-05", None, None),
            # confirmed to mid-2026; whether she kept the post under Starmer's successor is not
            # verified (left open, as in the registry)
            ("yvette-cooper", "2025-09-05", None, None, None),
        ],
    ),
    "RUS.president": (
        "Russian",
        "RUS",
        "President",
        "the Russian president",
        _STD,
        [
            ("vladimir-putin", None, None, None, None),
        ],
    ),
    "RUS.foreign": (
        "Russian",
        "RUS",
        "Foreign Minister",
        "the Russian foreign minister",
        _STD,
        [
            ("sergei-lavrov", None, None, None, None),
        ],
    ),
    "RUS.spokesman": (
        "Kremlin",
        "RUS",
        "spokesman",
        "the Kremlin spokesman",
        _STD,
        [
            ("dmitry-peskov", None, None, None, None),
        ],
    ),
    "RUS.envoy": (
        "Kremlin",
        "RUS",
        "envoy",
        "the Kremlin envoy",
        _STD,
        [
            ("kirill-dmitriev", "2025-02-23", None, None, None),  # decree of 2025-02-23
        ],
    ),
    "UKR.president": (
        "Ukrainian",
        "UKR",
        "President",
        "the Ukrainian president",
        _STD,
        [
            ("volodymyr-zelensky", None, None, None, None),
        ],
    ),
    "UKR.foreign": (
        "Ukrainian",
        "UKR",
        "Foreign Minister",
        "the Ukrainian foreign minister",
        _STD,
        [("andrii-sybiha", None, None, None, None)],
    ),
    "UKR.pm": (
        "Ukrainian",
        "UKR",
        "Prime Minister",
        "the Ukrainian prime minister",
        _STD,
        [
            ("denys-shmyhal", None, "2025-07-17", None, None),
            ("yulia-svyrydenko", "2025-07-17", None, None, None),
        ],
    ),
    "CHN.president": (
        "Chinese",
        "CHN",
        "President",
        "the Chinese president",
        _STD,
        [
            ("xi-jinping", None, None, None, None),
        ],
    ),
    "CHN.foreign": (
        "Chinese",
        "CHN",
        "Foreign Minister",
        "the Chinese foreign minister",
        _STD,
        [
            ("wang-yi", None, None, None, None),
        ],
    ),
    # The 2026 Knesset election (set for 2026-10-27; a June dissolution bill would have moved it
    # into 8 Sep-20 Oct) is not verified: the table stops at 2026-09-08, the earliest possible
    # vote, the last day Netanyahu's tenure is certain.
    "ISR.pm": (
        "Israeli",
        "ISR",
        "Prime Minister",
        "the Israeli prime minister",
        _STD,
        [
            ("benjamin-netanyahu", None, "2026-09-08", None, None),
        ],
    ),
    "ISR.defense": (
        "Israeli",
        "ISR",
        "Defence Minister",
        "the Israeli defence minister",
        _STD,
        [
            ("israel-katz", None, None, None, None),
        ],
    ),
    "ISR.foreign": (
        "Israeli",
        "ISR",
        "Foreign Minister",
        "the Israeli foreign minister",
        _STD,
        [
            ("gideon-saar", None, None, None, None),
        ],
    ),
    "ISR.president": (
        "Israeli",
        "ISR",
        "President",
        "the Israeli president",
        _STD,
        [
            ("isaac-herzog", None, None, None, None),
        ],
    ),
    "PSE.president": (
        "Palestinian",
        "PSE",
        "President",
        "the Palestinian president",
        _STD,
        [
            ("mahmoud-abbas", None, None, None, None),
        ],
    ),
    "HAMAS.negotiator": (
        "Hamas",
        "hamas",
        "negotiator",
        "the Hamas negotiator",
        "top {prefix} {office} {name}",
        [("khalil-al-hayya", None, None, None, None)],
    ),
    "IRN.leader": (
        "Iranian",
        "IRN",
        "Supreme Leader",
        "Iran’s supreme leader",
        "{prefix} {office} Ayatollah {name}",
        # Ali Khamenei was killed in the US-Israeli strikes of 2026-02-28; an interim leadership
        # council (no single holder) served until the Assembly of Experts named his son on
        # 2026-03-09, so the role is unused in between.
        [
            ("ali-khamenei", None, "2026-02-28", None, None),
            ("mojtaba-khamenei", "2026-03-09", None, None, None),
        ],
    ),
    "IRN.president": (
        "Iranian",
        "IRN",
        "President",
        "the Iranian president",
        _STD,
        [
            ("masoud-pezeshkian", None, None, None, None),
        ],
    ),
    "IRN.foreign": (
        "Iranian",
        "IRN",
        "Foreign Minister",
        "the Iranian foreign minister",
        _STD,
        [
            ("abbas-araghchi", None, None, None, None),
        ],
    ),
    "SYR.president": (
        "Syrian",
        "SYR",
        "President",
        "the Syrian president",
        _STD,
        [
            ("bashar-al-assad", None, "2024-12-08", None, None),
            ("ahmed-al-sharaa", "2024-12-08", "2025-01-29", "leader", "the Syrian leader"),
            ("ahmed-al-sharaa", "2025-01-29", None, None, None),
        ],
    ),
    "SYR.foreign": (
        "Syrian",
        "SYR",
        "Foreign Minister",
        "the Syrian foreign minister",
        _STD,
        [
            ("asaad-al-shaibani", "2024-12-21", None, None, None),
        ],
    ),
    "LBN.president": (
        "Lebanese",
        "LBN",
        "President",
        "the Lebanese president",
        _STD,
        [
            ("joseph-aoun", "2025-01-09", None, None, None),
        ],
    ),
    "LBN.pm": (
        "Lebanese",
        "LBN",
        "Prime Minister",
        "the Lebanese prime minister",
        _STD,
        [
            ("najib-mikati", None, "2025-02-08", "caretaker Prime Minister", None),
            ("nawaf-salam", "2025-02-08", None, None, None),
        ],
    ),
    "HEZ.leader": (
        "Hezbollah",
        "hezbollah",
        "chief",
        "the Hezbollah leader",
        _STD,
        [
            ("naim-qassem", None, None, None, None),
        ],
    ),
    "HOU.leader": (
        "Houthi",
        "houthis",
        "leader",
        "the Houthi leader",
        _STD,
        [
            ("abdul-malik-al-houthi", None, None, None, None),
        ],
    ),
    "TUR.president": (
        "Turkish",
        "TUR",
        "President",
        "the Turkish president",
        _STD,
        [
            ("recep-tayyip-erdogan", None, None, None, None),
        ],
    ),
    "TUR.foreign": (
        "Turkish",
        "TUR",
        "Foreign Minister",
        "the Turkish foreign minister",
        _STD,
        [
            ("hakan-fidan", None, None, None, None),
        ],
    ),
    "QAT.emir": (
        "Qatari",
        "QAT",
        "Emir",
        "the Qatari emir",
        "{prefix} {office} Sheikh {name}",
        [
            ("tamim-bin-hamad-al-thani", None, None, None, None),
        ],
    ),
    "QAT.pm": (
        "Qatari",
        "QAT",
        "Prime Minister",
        "the Qatari prime minister",
        "{prefix} {office} Sheikh {name}",
        [("mohammed-bin-abdulrahman-al-thani", None, None, None, None)],
    ),
    "EGY.president": (
        "Egyptian",
        "EGY",
        "President",
        "the Egyptian president",
        _STD,
        [
            ("abdel-fattah-al-sisi", None, None, None, None),
        ],
    ),
    "EGY.foreign": (
        "Egyptian",
        "EGY",
        "Foreign Minister",
        "the Egyptian foreign minister",
        _STD,
        [("badr-abdelatty", None, None, None, None)],
    ),
    "SAU.crown_prince": (
        "Saudi",
        "SAU",
        "Crown Prince",
        "the Saudi crown prince",
        _STD,
        [
            ("mohammed-bin-salman", None, None, None, None),
        ],
    ),
    "SAU.foreign": (
        "Saudi",
        "SAU",
        "Foreign Minister",
        "the Saudi foreign minister",
        "{prefix} {office} Prince {name}",
        [("faisal-bin-farhan", None, None, None, None)],
    ),
    "ARE.president": (
        "Emirati",
        "ARE",
        "President",
        "the Emirati president",
        "{prefix} {office} Sheikh {name}",
        [("mohamed-bin-zayed", None, None, None, None)],
    ),
    "JOR.king": (
        "Jordanian",
        "JOR",
        "King",
        "the Jordanian monarch",
        _STD,
        [
            ("abdullah-ii", None, None, None, None),
        ],
    ),
    "OMN.foreign": (
        "Omani",
        "OMN",
        "Foreign Minister",
        "the Omani foreign minister",
        _STD,
        [
            ("badr-albusaidi", None, None, None, None),
        ],
    ),
    "DEU.chancellor": (
        "German",
        "DEU",
        "Chancellor",
        "the German chancellor",
        _STD,
        [
            ("olaf-scholz", None, "2025-05-06", None, None),
            ("friedrich-merz", "2025-05-06", None, None, None),
        ],
    ),
    "DEU.foreign": (
        "German",
        "DEU",
        "Foreign Minister",
        "the German foreign minister",
        _STD,
        [
            ("annalena-baerbock", None, "2025-05-06", None, None),
            ("johann-wadephul", "2025-05-06", None, None, None),
        ],
    ),
    "FRA.president": (
        "French",
        "FRA",
        "President",
        "the French president",
        _STD,
        [
            ("emmanuel-macron", None, None, None, None),
        ],
    ),
    "FRA.pm": (
        "French",
        "FRA",
        "Prime Minister",
        "the French prime minister",
        _STD,
        [
            ("michel-barnier", None, "2024-12-13", None, None),
            ("francois-bayrou", "2024-12-13", "2025-09-09", None, None),
            ("sebastien-lecornu", "2025-09-09", None, None, None),
        ],
    ),
    "FRA.foreign": (
        "French",
        "FRA",
        "Foreign Minister",
        "the French foreign minister",
        _STD,
        [
            ("jean-noel-barrot", None, None, None, None),
        ],
    ),
    "ITA.pm": (
        "Italian",
        "ITA",
        "Prime Minister",
        "the Italian prime minister",
        _STD,
        [
            ("giorgia-meloni", None, None, None, None),
        ],
    ),
    "ESP.pm": (
        "Spanish",
        "ESP",
        "Prime Minister",
        "the Spanish prime minister",
        _STD,
        [
            ("pedro-sanchez", None, None, None, None),
        ],
    ),
    "POL.pm": (
        "Polish",
        "POL",
        "Prime Minister",
        "the Polish prime minister",
        _STD,
        [
            ("donald-tusk", None, None, None, None),
        ],
    ),
    "POL.president": (
        "Polish",
        "POL",
        "President",
        "the Polish president",
        _STD,
        [
            ("andrzej-duda", None, "2025-08-06", None, None),
            ("karol-nawrocki", "2025-08-06", None, None, None),
        ],
    ),
    # Hungary: Tisza won the 2026-04-12 election; Orbán stayed in office until Péter Magyar was
    # sworn in by the new parliament on 2026-05-09.
    "HUN.pm": (
        "Hungarian",
        "HUN",
        "Prime Minister",
        "the Hungarian prime minister",
        _STD,
        [
            ("viktor-orban", None, "2026-05-09", None, None),
            ("peter-magyar", "2026-05-09", None, None, None),
        ],
    ),
    # Denmark voted on 2026-03-24; Frederiksen stayed on and formed a new coalition for a third
    # term after two months of talks, so her tenure is continuous.
    "DNK.pm": (
        "Danish",
        "DNK",
        "Prime Minister",
        "the Danish prime minister",
        _STD,
        [
            ("mette-frederiksen", None, None, None, None),
        ],
    ),
    "FIN.president": (
        "Finnish",
        "FIN",
        "President",
        "the Finnish president",
        _STD,
        [
            ("alexander-stubb", None, None, None, None),
        ],
    ),
    "BLR.president": (
        "Belarusian",
        "BLR",
        "President",
        "the Belarusian leader",
        _STD,
        [
            ("alexander-lukashenko", None, None, None, None),
        ],
    ),
    "CAN.pm": (
        "Canadian",
        "CAN",
        "Prime Minister",
        "the Canadian prime minister",
        _STD,
        [
            ("justin-trudeau", None, "2025-03-14", None, None),
            ("mark-carney", "2025-03-14", None, None, None),
        ],
    ),
    "MEX.president": (
        "Mexican",
        "MEX",
        "President",
        "the Mexican president",
        _STD,
        [
            ("claudia-sheinbaum", None, None, None, None),
        ],
    ),
    "BRA.president": (
        "Brazilian",
        "BRA",
        "President",
        "the Brazilian president",
        _STD,
        [
            ("luiz-inacio-lula-da-silva", None, None, None, None),
        ],
    ),
    "IND.pm": (
        "Indian",
        "IND",
        "Prime Minister",
        "the Indian prime minister",
        _STD,
        [
            ("narendra-modi", None, None, None, None),
        ],
    ),
    "IND.foreign": (
        "Indian",
        "IND",
        "External Affairs Minister",
        "India’s foreign minister",
        _STD,
        [("s-jaishankar", None, None, None, None)],
    ),
    "PAK.pm": (
        "Pakistani",
        "PAK",
        "Prime Minister",
        "the Pakistani prime minister",
        _STD,
        [
            ("shehbaz-sharif", None, None, None, None),
        ],
    ),
    "JPN.pm": (
        "Japanese",
        "JPN",
        "Prime Minister",
        "the Japanese prime minister",
        _STD,
        [
            ("shigeru-ishiba", None, "2025-10-21", None, None),
            ("sanae-takaichi", "2025-10-21", None, None, None),
        ],
    ),
    "KOR.president": (
        "South Korean",
        "KOR",
        "President",
        "the South Korean president",
        _STD,
        [
            ("lee-jae-myung", "2025-06-04", None, None, None),
        ],
    ),
    "PRK.leader": (
        "North Korean",
        "PRK",
        "leader",
        "the North Korean leader",
        _STD,
        [
            ("kim-jong-un", None, None, None, None),
        ],
    ),
    "TWN.president": (
        "Taiwanese",
        "TWN",
        "President",
        "the Taiwanese president",
        _STD,
        [
            ("lai-ching-te", None, None, None, None),
        ],
    ),
    "AUS.pm": (
        "Australian",
        "AUS",
        "Prime Minister",
        "the Australian prime minister",
        _STD,
        [
            ("anthony-albanese", None, None, None, None),
        ],
    ),
    "ZAF.president": (
        "South African",
        "ZAF",
        "President",
        "the South African president",
        _STD,
        [
            ("cyril-ramaphosa", None, None, None, None),
        ],
    ),
    "IDN.president": (
        "Indonesian",
        "IDN",
        "President",
        "the Indonesian president",
        _STD,
        [
            ("prabowo-subianto", None, None, None, None),
        ],
    ),
    "SDN.army": (
        "Sudanese",
        "SDN",
        "army chief",
        "Sudan’s army chief",
        "{prefix} {office} General {name}",
        [("abdel-fattah-al-burhan", None, None, None, None)],
    ),
    "RSF.leader": (
        "RSF",
        "rapid-support-forces",
        "commander",
        "the RSF commander",
        _STD,
        [
            ("mohamed-hamdan-dagalo", None, None, None, None),
        ],
    ),
    "VAT.pope": (
        "",
        None,
        "",
        "the pontiff",
        "{name}",
        [
            ("pope-francis", None, "2025-04-21", None, None),
            ("pope-leo-xiv", "2025-05-08", None, None, None),
        ],
    ),
    "UN.sg": (
        "UN",
        "united-nations",
        "Secretary-General",
        "the UN chief",
        _STD,
        [
            ("antonio-guterres", None, "2027-01-01", None, None),
        ],
    ),
    "UN.relief": (
        "UN",
        "united-nations",
        "relief chief",
        "the UN relief chief",
        _STD,
        [
            ("tom-fletcher", None, None, None, None),
        ],
    ),
    "NATO.sg": (
        "NATO",
        "nato",
        "Secretary General",
        "the NATO chief",
        _STD,
        [
            ("mark-rutte", None, None, None, None),
        ],
    ),
    "EU.commission": (
        "European Commission",
        "european-commission",
        "President",
        "the Commission president",
        _STD,
        [("ursula-von-der-leyen", None, None, None, None)],
    ),
    "EU.diplomat": (
        "EU",
        "european-union",
        "foreign policy chief",
        "the EU’s top diplomat",
        _STD,
        [("kaja-kallas", "2024-12-01", None, None, None)],
    ),
    "EU.council": (
        "European Council",
        "european-council",
        "President",
        "the European Council president",
        _STD,
        [("antonio-costa", "2024-12-01", None, None, None)],
    ),
    "IAEA.dg": (
        "IAEA",
        "iaea",
        "chief",
        "the head of the UN nuclear watchdog",
        _STD,
        [
            ("rafael-grossi", None, None, None, None),
        ],
    ),
    "WHO.dg": (
        "WHO",
        "who",
        "Director-General",
        "the WHO chief",
        _STD,
        [
            ("tedros-adhanom-ghebreyesus", None, None, None, None),
        ],
    ),
    "OPEC.sg": (
        "OPEC",
        "opec",
        "Secretary General",
        "the OPEC secretary general",
        _STD,
        [
            ("haitham-al-ghais", None, None, None, None),
        ],
    ),
    "WTO.dg": (
        "WTO",
        "wto",
        "Director-General",
        "the WTO chief",
        _STD,
        [
            ("ngozi-okonjo-iweala", None, None, None, None),
        ],
    ),
    "IMF.md": (
        "IMF",
        "imf",
        "Managing Director",
        "the IMF chief",
        _STD,
        [
            ("kristalina-georgieva", None, None, None, None),
        ],
    ),
    "IEA.ed": (
        "IEA",
        "iea",
        "Executive Director",
        "the IEA chief",
        _STD,
        [
            ("fatih-birol", None, None, None, None),
        ],
    ),
    "UNFCCC.es": (
        "UN",
        "united-nations",
        "climate chief",
        "the UN climate chief",
        _STD,
        [
            ("simon-stiell", None, None, None, None),
        ],
    ),
    "COP30.president": (
        "COP30",
        None,
        "President",
        "the COP30 president",
        _STD,
        # Named by Brazil on 2025-01-21; the presidency passes at the opening of COP31 (Antalya,
        # scheduled 2026-11-09..20 in every report found; the actual opening is not confirmed here).
        [
            ("andre-correa-do-lago", "2025-01-21", "2026-11-09", None, None),
        ],
    ),
    "OPENAI.ceo": (
        "OpenAI",
        "openai",
        "chief executive",
        "the OpenAI chief",
        _STD,
        [
            ("sam-altman", None, None, None, None),
        ],
    ),
    "NVIDIA.ceo": (
        "Nvidia",
        "nvidia",
        "chief executive",
        "the Nvidia chief",
        _STD,
        [
            ("jensen-huang", None, None, None, None),
        ],
    ),
}


def holder(role: str, day: str) -> str | None:
    """Return the id of the person holding ``role`` on ``day`` (ISO date), or None.

    Parameters
    ----------
    role
        A key of :data:`ROLES`, e.g. ``"USA.president"``.
    day
        An ISO date ``YYYY-MM-DD``.

    Returns
    -------
    str or None
        The holder's person id; None when the table has no holder that day.
    """
    for person, start, end, _office, _role_only in ROLES[role][5]:
        if (start is None or start <= day) and (end is None or day < end):
            return person
    return None
