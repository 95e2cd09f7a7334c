"""Property tests (hypothesis): whatever an operator pastes, the stored body runs nothing; calendar lines fold
to 75 octets and unfold to the original text, whatever the characters."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kabar.isi import TAG, bersihkan, teks_polos
from kabar.kalender import _lipat, _teks

TAGS = ["p", "a", "script", "img", "svg", "iframe", "b", "style", "div", "li", "form", "object", "math"]
ATTRS = ["href", "src", "onerror", "onclick", "style", "onload", "formaction", "xlink:href", "srcdoc"]
VALUES = ["javascript:alert(1)", "https://desa.id", "x", "data:text/html,<script>alert(1)</script>", "JaVaScRiPt:x"]


@st.composite
def html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(st.sampled_from(TAGS))
        attrs = " ".join(
            f'{draw(st.sampled_from(ATTRS))}="{draw(st.sampled_from(VALUES))}"' for _ in range(draw(st.integers(0, 2)))
        )
        parts.append(f"<{tag} {attrs}>{draw(st.text(max_size=20))}</{tag}>")
    parts.append(draw(st.text(max_size=40)))
    return "".join(parts)


class Markup(HTMLParser):
    """The tags and attributes a browser would build from a cleaned body."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def markup(body: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Markup()
    parser.feed(body)
    return parser.tags


@settings(max_examples=300, deadline=None)
@given(html())
@example('<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>')
@example("<p>a</p><script>alert(1)</script>")
def test_clean_body_never_runs_anything(raw: str) -> None:
    clean = bersihkan(raw)
    for tag, attrs in markup(clean):
        assert tag in TAG, clean
        for name, value in attrs:
            assert name in {"href", "title", "rel"}, clean
            scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value or "")
            if name == "href" and scheme:  # relative links are harmless; a scheme must be a safe one
                assert scheme.group(1).lower() in {"http", "https", "mailto", "tel"}, clean
    assert bersihkan(clean) == clean  # cleaning again changes nothing
    assert len(teks_polos(clean)) <= 300


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_calendar_lines_fold_and_unfold(text: str) -> None:
    line = f"SUMMARY:{_teks(text)}"
    folded = _lipat(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert "\n" not in line.replace("\\n", "") or "\n" not in text
