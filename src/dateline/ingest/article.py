"""The per-report stage: a document as read becomes a clean, dated article (or is skipped, with why).

Cleaning (``clean.py``), the publication date (``pubdate.py``), the outlet and
the content id come together here. A document that cannot be used is a
:class:`~dateline.model.Skipped` with one reason the user can act on.
"""

from __future__ import annotations

import hashlib
import unicodedata

from ..config import Settings
from ..model import Article, CleanText, Outlet, RawDocument, Skipped
from . import clean, outlets, pubdate

#: Characters of the content hash kept as an article id: 64 bits, no collision in any pile a person reads.
ID_CHARS = 16
#: Characters of the hash of a document as read (an input's key in the store: unchanged input, no rework).
RAW_HASH_CHARS = 20


def content_id(text: str) -> str:
    """A stable id from the normalised article text (case, width and spacing ignored)."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:ID_CHARS]


def raw_hash(doc: RawDocument) -> str:
    """Hash of a document as read, so a re-run can tell an unchanged input."""
    return hashlib.sha256(doc.content.encode("utf-8", "surrogatepass")).hexdigest()[:RAW_HASH_CHARS]


def read_article(doc: RawDocument, settings: Settings) -> Article | Skipped:
    """Clean and date one document; a document that fails is skipped with its reason."""
    label = doc.origin.label()
    try:
        cleaned = clean.clean_html(doc.content, doc.origin.url) if doc.kind == "html" else clean.clean_text(doc.content)
    except Exception as exc:  # a bug or a pathological page must not stop the run
        return Skipped(label, f"could not be cleaned ({type(exc).__name__}: {exc}); please report this file")
    text = cleaned.text.strip()
    if len(text) < settings.min_article_chars:
        what = "no article text" if not text else f"only {len(text)} characters of article text"
        return Skipped(
            label,
            f"{what} after removing boilerplate (the minimum is {settings.min_article_chars}; "
            "it may be an index page, a paywall or a script-only page)",
        )
    meta = doc.meta
    url = doc.origin.url or meta.get("url") or cleaned.meta.get("url")
    title = meta.get("title") or cleaned.meta.get("title") or cleaned.title
    return Article(
        id=content_id(text),
        origin=doc.origin,
        outlet=outlet(meta, cleaned, url, doc.kind, text),
        title=title,
        text=text,
        published=pubdate.date_article(meta, cleaned, text, title=title, url=url),
        url=url,
        dropped=cleaned.dropped,
    )


def outlet(meta: dict[str, str], cleaned: CleanText, url: str | None, kind: str, text: str | None = None) -> Outlet:
    """Who published a report: its container says, else its page (or a text's masthead), else its own
    words (a credit, desk or byline line, the site's menus) or its address (see ``outlets.from_text``)."""
    if meta.get("outlet"):
        return outlets.stated(meta["outlet"], "header" if meta.get("_how") == "header" else "metadata")
    if cleaned.meta.get("outlet"):
        # HTML: the page's metadata; text: the masthead line the cleaner found.
        return outlets.stated(cleaned.meta["outlet"], "metadata") if kind == "html" else outlets.masthead(cleaned.meta["outlet"])
    return outlets.from_text(cleaned.text.strip() if text is None else text, cleaned.dropped, url)
