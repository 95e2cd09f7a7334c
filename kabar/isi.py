"""The body of a kabar or agenda: the few formatting tags an operator needs, nothing that runs or tracks.

Text without tags (typed into the plain editor, pasted from WhatsApp) becomes paragraphs; HTML (pasted from
a word processor, or from the toolbar) is cleaned by nh3 to an allow-list. Stored clean, so every reader
(page, feed, e-mail, API) gets the same safe text.
"""

from __future__ import annotations

import html
import re

import nh3

TAG = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "blockquote", "a"}
ATRIBUT = {"a": {"href", "title"}}
SKEMA = {"http", "https", "mailto", "tel"}
# HTML when it holds a real tag: "<warga>" or "a < b" in plain text stays text.
_ADA_TAG = re.compile(
    r"<\s*/?\s*(p|br|div|span|strong|b|em|i|u|s|ul|ol|li|dl|dt|dd|h[1-6]|blockquote|a|img|script|style|iframe|frame"
    r"|frameset|table|tr|td|th|thead|tbody|font|svg|math|mtext|mglyph|object|embed|applet|param|form|input|button"
    r"|select|option|textarea|label|meta|link|base|body|html|head|title|details|summary|dialog|video|audio|source"
    r"|track|picture|canvas|map|area|template|noscript|marquee|pre|code|small|sub|sup|hr|del|ins|mark|q|cite|abbr"
    r"|section|article|header|footer|nav|main|aside|figure|figcaption|xml|isindex|keygen)\b[^>]*>",
    re.IGNORECASE,
)
_AKHIR_BLOK = re.compile(r"<\s*(/p|br|/li|/h[23]|/blockquote)\b[^>]*>", re.IGNORECASE)


def _nh3(teks: str) -> str:
    return nh3.clean(
        teks,
        tags=TAG,
        attributes=ATRIBUT,
        url_schemes=SKEMA,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    ).strip()


def bersihkan(teks: str) -> str:
    """Safe HTML for a body (see the module docstring); cleaning a clean body changes nothing."""
    teks = (teks or "").replace("\r\n", "\n").strip()
    if _ADA_TAG.search(teks):
        teks = _nh3(teks)
        if _ADA_TAG.search(teks):
            return teks
        teks = html.unescape(teks)  # nothing but text survived: it is text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", teks) if p.strip()]
    return _nh3("".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs))


def teks_polos(isi_html: str, panjang: int = 300) -> str:
    """The body as plain text (feeds, e-mails, descriptions), cut at a word."""
    polos = " ".join(nh3.clean(_AKHIR_BLOK.sub(" ", isi_html or ""), tags=set()).split())
    polos = html.unescape(polos)
    if len(polos) <= panjang:
        return polos
    return polos[: panjang - 1].rsplit(" ", 1)[0] + "…"
