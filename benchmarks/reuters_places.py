"""Reuters-21578 PLACES codes -> registry actor ids that count as a correct detection.

Most codes map to one ISO 3166 alpha-3 code. The 1987 states accept their historical id and, where
the registry may name the territory by its present state, that too (the Soviet Union: SUN or
Russia; West Germany: DEU or a historical id).
"""

from __future__ import annotations

REUTERS_PLACES: dict[str, tuple[str, ...]] = {
    "afghanistan": ("AFG",), "albania": ("ALB",), "algeria": ("DZA",), "american-samoa": ("ASM",),
    "andorra": ("AND",), "angola": ("AGO",), "anguilla": ("AIA",), "antigua": ("ATG",),
    "argentina": ("ARG",), "aruba": ("ABW",), "australia": ("AUS",), "austria": ("AUT",),
    "bahamas": ("BHS",), "bahrain": ("BHR",), "bangladesh": ("BGD",), "barbados": ("BRB",),
    "belgium": ("BEL",), "belize": ("BLZ",), "benin": ("BEN",), "bermuda": ("BMU",),
    "bhutan": ("BTN",), "bolivia": ("BOL",), "botswana": ("BWA",), "brazil": ("BRA",),
    "british-virgin-islands": ("VGB",), "brunei": ("BRN",), "bulgaria": ("BGR",),
    "burkina-faso": ("BFA",), "burma": ("MMR", "BUR"), "burundi": ("BDI",), "cameroon": ("CMR",),
    "canada": ("CAN",), "cape-verde": ("CPV",), "cayman-islands": ("CYM",),
    "central-african-republic": ("CAF",), "chad": ("TCD",), "chile": ("CHL",), "china": ("CHN",),
    "colombia": ("COL",), "congo": ("COG",), "costa-rica": ("CRI",), "cuba": ("CUB",),
    "cyprus": ("CYP",), "czechoslovakia": ("CSK", "CZE"), "denmark": ("DNK",),
    "djibouti": ("DJI",), "dominica": ("DMA",), "dominican-republic": ("DOM",),
    "east-germany": ("DDR",), "ecuador": ("ECU",), "egypt": ("EGY",), "el-salvador": ("SLV",),
    "equatorial-guinea": ("GNQ",), "ethiopia": ("ETH",), "fiji": ("FJI",), "finland": ("FIN",),
    "france": ("FRA",), "french-guiana": ("GUF",), "gabon": ("GAB",), "gambia": ("GMB",),
    "ghana": ("GHA",), "gibraltar": ("GIB",), "greece": ("GRC",), "grenada": ("GRD",),
    "guadeloupe": ("GLP",), "guam": ("GUM",), "guatemala": ("GTM",), "guinea": ("GIN",),
    "guinea-bissau": ("GNB",), "guyana": ("GUY",), "haiti": ("HTI",), "honduras": ("HND",),
    "hong-kong": ("HKG",), "hungary": ("HUN",), "iceland": ("ISL",), "india": ("IND",),
    "indonesia": ("IDN",), "iran": ("IRN",), "iraq": ("IRQ",), "ireland": ("IRL",),
    "israel": ("ISR",), "italy": ("ITA",), "ivory-coast": ("CIV",), "jamaica": ("JAM",),
    "japan": ("JPN",), "jordan": ("JOR",), "kampuchea": ("KHM",), "kenya": ("KEN",),
    "kuwait": ("KWT",), "laos": ("LAO",), "lebanon": ("LBN",), "lesotho": ("LSO",),
    "liberia": ("LBR",), "libya": ("LBY",), "liechtenstein": ("LIE",), "luxembourg": ("LUX",),
    "macao": ("MAC",), "madagascar": ("MDG",), "malawi": ("MWI",), "malaysia": ("MYS",),
    "mali": ("MLI",), "malta": ("MLT",), "martinique": ("MTQ",), "mauritania": ("MRT",),
    "mauritius": ("MUS",), "mexico": ("MEX",), "monaco": ("MCO",), "morocco": ("MAR",),
    "mozambique": ("MOZ",), "namibia": ("NAM",), "nepal": ("NPL",), "netherlands": ("NLD",),
    "netherlands-antilles": ("ANT", "CUW", "SXM", "BES"), "new-caledonia": ("NCL",),
    "new-zealand": ("NZL",), "nicaragua": ("NIC",), "niger": ("NER",), "nigeria": ("NGA",),
    "north-korea": ("PRK",), "norway": ("NOR",), "oman": ("OMN",), "pakistan": ("PAK",),
    "panama": ("PAN",), "papua-new-guinea": ("PNG",), "paraguay": ("PRY",), "peru": ("PER",),
    "philippines": ("PHL",), "poland": ("POL",), "portugal": ("PRT",), "qatar": ("QAT",),
    "romania": ("ROU",), "rwanda": ("RWA",), "saudi-arabia": ("SAU",), "senegal": ("SEN",),
    "seychelles": ("SYC",), "sierra-leone": ("SLE",), "singapore": ("SGP",), "somalia": ("SOM",),
    "south-africa": ("ZAF",), "south-korea": ("KOR",), "spain": ("ESP",), "sri-lanka": ("LKA",),
    "sudan": ("SDN",), "suriname": ("SUR",), "swaziland": ("SWZ",), "sweden": ("SWE",),
    "switzerland": ("CHE",), "syria": ("SYR",), "taiwan": ("TWN",), "tanzania": ("TZA",),
    "thailand": ("THA",), "togo": ("TGO",), "tonga": ("TON",), "trinidad-tobago": ("TTO",),
    "tunisia": ("TUN",), "turkey": ("TUR",), "uae": ("ARE",), "uganda": ("UGA",),
    "uk": ("GBR",), "uruguay": ("URY",), "us-virgin-islands": ("VIR",), "usa": ("USA",),
    "ussr": ("SUN", "RUS"), "vanuatu": ("VUT",), "vatican": ("VAT",), "venezuela": ("VEN",),
    "vietnam": ("VNM",), "west-germany": ("DEU", "DEW", "BRD", "FRG"),
    "western-samoa": ("WSM",), "yemen-arab-republic": ("YEM",),
    "yemen-demo-republic": ("YMD", "YEM"), "yugoslavia": ("YUG", "SRB"), "zaire": ("COD", "ZAR"),
    "zambia": ("ZMB",), "zimbabwe": ("ZWE",),
}  # fmt: skip


def code_of_actor() -> dict[str, str]:
    """Return registry actor id -> Reuters code (the first code that accepts the id)."""
    out: dict[str, str] = {}
    for code, ids in REUTERS_PLACES.items():
        for actor_id in ids:
            out.setdefault(actor_id, code)
    return out
