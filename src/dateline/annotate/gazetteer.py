"""Well-known places and acronyms, so that an entity's type does not rest on NER alone.

Written for dateline from general knowledge (the world's countries, their
capitals and the largest or most reported cities, the seas, regions and ranges
news names most often); it is not a list for any one story, and a place not on
it keeps the type its mentions across the pile agree on. NER labels a lone city
in a clause such as "forces around the city of Aleppo" as a group now and then:
a name on this list is a place whatever one sentence made of it.

``KNOWN_ACRONYMS`` are organisations and countries known by their capitals
alone: an all-caps word on it is an acronym even when the pile never spells it
out (shouting words such as a headline's "WARPLANES" are not names).
"""

from __future__ import annotations

COUNTRIES = frozenset([
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan",
    "Bolivia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burundi", "Cambodia", "Cameroon", "Canada", "Chad",
    "Chile", "China", "Colombia", "Comoros", "Congo", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Djibouti",
    "Dominica", "Ecuador", "Egypt", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France",
    "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guyana", "Haiti",
    "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica",
    "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia",
    "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi",
    "Malaysia", "Maldives", "Mali", "Malta", "Mauritania", "Mauritius", "Mexico", "Micronesia", "Moldova", "Monaco",
    "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands",
    "Nicaragua", "Niger", "Nigeria", "Norway", "Oman", "Pakistan", "Palau", "Palestine", "Panama", "Paraguay",
    "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Samoa", "Senegal",
    "Serbia", "Seychelles", "Singapore", "Slovakia", "Slovenia", "Somalia", "Spain", "Sudan", "Suriname", "Sweden",
    "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Togo", "Tonga", "Tunisia", "Turkey",
    "Türkiye", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela",
    "Vietnam", "Yemen", "Zambia", "Zimbabwe",
]) | frozenset({
    "Antigua and Barbuda", "Bosnia and Herzegovina", "Burkina Faso", "Cabo Verde", "Cape Verde",
    "Central African Republic", "Costa Rica", "Côte d'Ivoire", "Ivory Coast", "Czech Republic",
    "Democratic Republic of the Congo", "Dominican Republic", "East Timor", "Timor-Leste", "El Salvador",
    "Equatorial Guinea", "Guinea-Bissau", "Marshall Islands", "New Zealand", "North Korea", "North Macedonia",
    "Papua New Guinea", "Saint Lucia", "San Marino", "Saudi Arabia", "Sierra Leone", "Solomon Islands",
    "South Africa", "South Korea", "South Sudan", "Sri Lanka", "Trinidad and Tobago", "United Arab Emirates",
    "United Kingdom", "United States", "United States of America", "Vatican City", "Great Britain", "Britain",
    "England", "Scotland", "Wales", "Northern Ireland", "America", "Gaza", "West Bank", "Crimea", "Kurdistan",
    "Hong Kong", "Macau", "Puerto Rico", "Greenland", "Chechnya", "Tibet", "Xinjiang",
})

CITIES = frozenset([
    "Abuja", "Accra", "Addis", "Aden", "Aleppo", "Algiers", "Amman", "Amsterdam", "Ankara", "Antalya", "Athens",
    "Baghdad", "Baku", "Bamako", "Bangkok", "Barcelona", "Basra", "Beijing", "Beirut", "Belgrade", "Benghazi",
    "Berlin", "Bern", "Bogota", "Bogotá", "Brasilia", "Bratislava", "Brussels", "Bucharest", "Budapest", "Cairo",
    "Canberra", "Caracas", "Chicago", "Copenhagen", "Dakar", "Damascus", "Davos", "Delhi", "Dhaka", "Doha",
    "Donetsk", "Dubai", "Dublin", "Edinburgh", "Erbil", "Fallujah", "Frankfurt", "Geneva", "Hamburg", "Hanoi",
    "Havana", "Helsinki", "Homs", "Houston", "Idlib", "Islamabad", "Istanbul", "Jakarta", "Jeddah", "Jerusalem",
    "Johannesburg", "Kabul", "Kandahar", "Karachi", "Kathmandu", "Khartoum", "Kharkiv", "Kiev", "Kigali", "Kinshasa",
    "Kirkuk", "Kyiv", "Kobani", "Lagos", "Lahore", "Lima", "Lisbon", "London", "Luanda", "Luhansk", "Lyon", "Madrid",
    "Manbij", "Manchester", "Manila", "Marseille", "Mecca", "Medina", "Melbourne", "Miami", "Milan", "Minsk",
    "Mogadishu", "Montreal", "Moscow", "Mosul", "Mumbai", "Munich", "Nairobi", "Naples", "Nicosia", "Odesa",
    "Odessa", "Oslo", "Ottawa", "Palmyra", "Paris", "Prague", "Pyongyang", "Quito", "Rabat", "Ramadi", "Ramallah",
    "Raqqa", "Riyadh", "Rome", "Sanaa", "Santiago", "Sarajevo", "Seoul", "Shanghai", "Singapore", "Sirte", "Sofia",
    "Stockholm", "Sydney", "Taipei", "Tallinn", "Tashkent", "Tbilisi", "Tehran", "Tikrit", "Tokyo", "Toronto",
    "Tripoli", "Tunis", "Vancouver", "Vienna", "Vilnius", "Warsaw", "Washington", "Yerevan", "Zagreb", "Zurich",
]) | frozenset({
    "Abu Dhabi", "Addis Ababa", "Buenos Aires", "Cape Town", "Deir ez-Zor", "Deir al-Zor", "Hong Kong",
    "Kuala Lumpur", "Kuwait City", "Los Angeles", "Mexico City", "New Delhi", "New York", "New York City",
    "Panama City", "Rio de Janeiro", "San Francisco", "Sao Paulo", "São Paulo", "Tel Aviv", "The Hague",
    "Washington, DC", "Washington DC", "Washington, D.C.",
})

#: Regions, seas, rivers and ranges: NER's LOC.
REGIONS = frozenset({
    "Africa", "Asia", "Europe", "Latin America", "North America", "South America", "Middle East", "Near East",
    "Far East", "Gulf", "Persian Gulf", "Arabian Peninsula", "Balkans", "Caucasus", "Levant", "Maghreb", "Sahel",
    "Sahara", "Scandinavia", "Southeast Asia", "Central Asia", "East Africa", "West Africa", "Horn of Africa",
    "Mediterranean", "Mediterranean Sea", "Aegean Sea", "Black Sea", "Red Sea", "Caspian Sea", "Baltic Sea",
    "North Sea", "South China Sea", "Atlantic", "Pacific", "Indian Ocean", "Arctic", "Antarctica", "Alps",
    "Himalayas", "Euphrates", "Tigris", "Nile", "Danube", "Rhine", "Sinai", "Golan Heights", "Kashmir",
})

#: Each well-known place and the label NER gives such a place.
PLACES: dict[str, str] = {**dict.fromkeys(COUNTRIES | CITIES, "GPE"), **dict.fromkeys(REGIONS, "LOC")}

#: Acronyms of well-known organisations and countries.
KNOWN_ACRONYMS = frozenset({
    "UN", "EU", "NATO", "OPEC", "WHO", "IMF", "WTO", "UNICEF", "UNHCR", "UNESCO", "OSCE", "ASEAN", "OECD", "ICC",
    "ICJ", "ICRC", "IAEA", "AU", "GCC", "US", "USA", "UK", "UAE", "USSR", "DRC", "FBI", "CIA", "NSA", "MSF", "G7",
    "G20", "BBC", "CNN", "AFP", "AP", "DW",
})
