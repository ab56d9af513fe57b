"""Well-known news agencies and outlets: the names their credits print and the hosts they publish on.

Written for dateline from general knowledge of the international press (the
wire agencies every newsroom credits, and large broadcasters, papers and news
sites that syndicate or are syndicated); it is not a list for any one story.
It serves two rules in :mod:`dateline.ingest.outlets`:

* a credit such as "(Reuters) -", "- AFP" or "(AP, dpa)" counts only when it
  names an outlet of this table: a dash and a capitalised word close many
  sentences that credit nobody;
* an address on one of the hosts gives the outlet's name instead of the bare
  host (an unknown host is kept as the host itself).

Each row: the name shown, the other spellings credits use, the hosts (without
"www."; a host's subdomains count too). Add a row when a credit you meet is
missing; spellings are matched as whole words, case kept (so "AP" is not "ap"). Short
letter groups that also mean something else in news text ("PA" a US state, "FT" feet,
"AA", "CP", "SPA") are left out of the spellings on purpose.
"""

from __future__ import annotations

from typing import NamedTuple


class KnownOutlet(NamedTuple):
    name: str
    spellings: tuple[str, ...]
    hosts: tuple[str, ...]


KNOWN_OUTLETS: tuple[KnownOutlet, ...] = (
    # wire agencies
    KnownOutlet("Reuters", ("Reuters", "REUTERS", "Thomson Reuters"), ("reuters.com",)),
    KnownOutlet("AP", ("AP", "Associated Press", "The Associated Press"), ("apnews.com", "ap.org")),
    KnownOutlet("AFP", ("AFP", "Agence France-Presse", "Agence France Presse"), ("afp.com",)),
    KnownOutlet("dpa", ("dpa", "DPA", "Deutsche Presse-Agentur"), ("dpa.com",)),
    KnownOutlet("Xinhua", ("Xinhua", "Xinhua News Agency"), ("xinhuanet.com", "news.cn")),
    KnownOutlet("ANSA", ("ANSA",), ("ansa.it",)),
    KnownOutlet("EFE", ("EFE", "Agencia EFE"), ("efe.com",)),
    KnownOutlet("Kyodo", ("Kyodo", "Kyodo News"), ("kyodonews.net",)),
    KnownOutlet("Yonhap", ("Yonhap", "Yonhap News Agency"), ("yna.co.kr",)),
    KnownOutlet("TASS", ("TASS", "ITAR-TASS"), ("tass.com", "tass.ru")),
    KnownOutlet("Interfax", ("Interfax",), ("interfax.com", "interfax.ru")),
    KnownOutlet("RIA Novosti", ("RIA Novosti",), ("ria.ru",)),
    KnownOutlet("Anadolu Agency", ("Anadolu", "Anadolu Agency"), ("aa.com.tr",)),
    KnownOutlet("PTI", ("PTI", "Press Trust of India"), ("ptinews.com",)),
    KnownOutlet("IANS", ("IANS",), ("ians.in",)),
    KnownOutlet("UPI", ("UPI", "United Press International"), ("upi.com",)),
    KnownOutlet("Bloomberg", ("Bloomberg", "Bloomberg News"), ("bloomberg.com",)),
    KnownOutlet("APA", ("APA", "Austria Presse Agentur"), ("apa.at",)),
    KnownOutlet("KUNA", ("KUNA",), ("kuna.net.kw",)),
    KnownOutlet("WAM", ("WAM", "Emirates News Agency"), ("wam.ae",)),
    KnownOutlet("SPA", ("Saudi Press Agency",), ("spa.gov.sa",)),
    KnownOutlet("IRNA", ("IRNA",), ("irna.ir",)),
    KnownOutlet("CNA", ("CNA", "Channel NewsAsia"), ("channelnewsasia.com",)),
    KnownOutlet("AAP", ("AAP", "Australian Associated Press"), ("aap.com.au",)),
    KnownOutlet("Canadian Press", ("The Canadian Press", "Canadian Press"), ("thecanadianpress.com",)),
    KnownOutlet("PA Media", ("PA Media", "Press Association"), ("pamediagroup.com",)),
    # broadcasters
    KnownOutlet("BBC", ("BBC", "BBC News"), ("bbc.co.uk", "bbc.com")),
    KnownOutlet("CNN", ("CNN",), ("cnn.com",)),
    KnownOutlet("DW", ("DW", "Deutsche Welle"), ("dw.com", "dw.de")),
    KnownOutlet("Al Jazeera", ("Al Jazeera", "Al-Jazeera"), ("aljazeera.com", "aljazeera.net")),
    KnownOutlet("Al Arabiya", ("Al Arabiya", "Al-Arabiya"), ("alarabiya.net",)),
    KnownOutlet("France 24", ("France 24", "FRANCE 24"), ("france24.com",)),
    KnownOutlet("RFI", ("RFI", "Radio France Internationale"), ("rfi.fr",)),
    KnownOutlet("Euronews", ("Euronews",), ("euronews.com",)),
    KnownOutlet("NPR", ("NPR",), ("npr.org",)),
    KnownOutlet("Voice of America", ("Voice of America", "VOA"), ("voanews.com",)),
    KnownOutlet("RFE/RL", ("RFE/RL", "Radio Free Europe/Radio Liberty"), ("rferl.org",)),
    KnownOutlet("Sky News", ("Sky News",), ("news.sky.com",)),
    KnownOutlet("ABC News", ("ABC News",), ("abcnews.go.com", "abc.net.au")),
    KnownOutlet("CBS News", ("CBS News",), ("cbsnews.com",)),
    KnownOutlet("NBC News", ("NBC News",), ("nbcnews.com",)),
    KnownOutlet("Fox News", ("Fox News",), ("foxnews.com",)),
    KnownOutlet("CBC News", ("CBC", "CBC News"), ("cbc.ca",)),
    KnownOutlet("RTÉ", ("RTÉ", "RTE"), ("rte.ie",)),
    # papers and news sites
    KnownOutlet("The New York Times", ("The New York Times", "New York Times", "NYT"), ("nytimes.com",)),
    KnownOutlet("The Washington Post", ("The Washington Post", "Washington Post"), ("washingtonpost.com",)),
    KnownOutlet("The Wall Street Journal", ("The Wall Street Journal", "Wall Street Journal", "WSJ"), ("wsj.com",)),
    KnownOutlet("Financial Times", ("Financial Times",), ("ft.com",)),
    KnownOutlet("The Guardian", ("The Guardian", "Guardian"), ("theguardian.com", "guardian.co.uk")),
    KnownOutlet("The Independent", ("The Independent",), ("independent.co.uk",)),
    KnownOutlet("The Telegraph", ("The Telegraph", "The Daily Telegraph"), ("telegraph.co.uk",)),
    KnownOutlet("The Times", ("The Times",), ("thetimes.co.uk",)),
    KnownOutlet("The Economist", ("The Economist",), ("economist.com",)),
    KnownOutlet("Politico", ("Politico", "POLITICO"), ("politico.com", "politico.eu")),
    KnownOutlet("The Hill", ("The Hill",), ("thehill.com",)),
    KnownOutlet("Axios", ("Axios",), ("axios.com",)),
    KnownOutlet("USA Today", ("USA Today", "USA TODAY"), ("usatoday.com",)),
    KnownOutlet("Los Angeles Times", ("Los Angeles Times", "LA Times"), ("latimes.com",)),
    KnownOutlet("Le Monde", ("Le Monde",), ("lemonde.fr",)),
    KnownOutlet("Der Spiegel", ("Der Spiegel", "Spiegel"), ("spiegel.de",)),
    KnownOutlet("El País", ("El País", "El Pais"), ("elpais.com",)),
    KnownOutlet("The Irish Times", ("The Irish Times", "Irish Times"), ("irishtimes.com",)),
    KnownOutlet("Middle East Monitor", ("Middle East Monitor", "MEMO"), ("middleeastmonitor.com",)),
    KnownOutlet("Middle East Eye", ("Middle East Eye",), ("middleeasteye.net",)),
    KnownOutlet("Al-Monitor", ("Al-Monitor", "Al Monitor"), ("al-monitor.com",)),
    KnownOutlet("Arab News", ("Arab News",), ("arabnews.com",)),
    KnownOutlet("The National", ("The National",), ("thenationalnews.com",)),
    KnownOutlet("Gulf News", ("Gulf News",), ("gulfnews.com",)),
    KnownOutlet("Haaretz", ("Haaretz",), ("haaretz.com",)),
    KnownOutlet("The Times of Israel", ("The Times of Israel", "Times of Israel"), ("timesofisrael.com",)),
    KnownOutlet("The Jerusalem Post", ("The Jerusalem Post", "Jerusalem Post"), ("jpost.com",)),
    KnownOutlet("Dawn", (), ("dawn.com",)),
    KnownOutlet("The Times of India", ("The Times of India", "Times of India"), ("timesofindia.indiatimes.com",)),
    KnownOutlet("Hindustan Times", ("Hindustan Times",), ("hindustantimes.com",)),
    KnownOutlet("South China Morning Post", ("South China Morning Post", "SCMP"), ("scmp.com",)),
    KnownOutlet("The Straits Times", ("The Straits Times", "Straits Times"), ("straitstimes.com",)),
    KnownOutlet("The Japan Times", ("The Japan Times", "Japan Times"), ("japantimes.co.jp",)),
    KnownOutlet("The Sydney Morning Herald", ("The Sydney Morning Herald", "Sydney Morning Herald"), ("smh.com.au",)),
)
