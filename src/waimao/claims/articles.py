"""A newspaper page → articles → sentences, with headings set apart.

Line breaks inside a paragraph are layout, not text: lines are joined unless the previous
line ended a sentence. Headings are kept out of the text that claims are read from (they
repeat the body in loose words and are printed away from their article), but are kept for
context. A heading is a line that starts after a finished sentence, holds no comma and does not
end a sentence, and is narrower or wider than the column around it; text between a finished sentence and an
article marker (本报讯) is a heading too.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from waimao.claims.english import gloss, is_english
from waimao.claims.normalize import Mapped, clean_line, display_width

#: Where a new article starts.
ARTICLE_MARK = re.compile(r"^(?:□)?(?:本报讯|[^,。]{0,6}日报讯|新华社(?:记者|电|讯)|\(上接[一二三四五六七八九十\d]+版\))")
#: A byline closing an article: (记者 樊娅楠).
BYLINE = re.compile(r"^\((?:记者|通讯员|特约记者)[^()]{1,30}\)$")
SENTENCE_END = "。!?"
LINE_END_PUNCT = "。!?;:,、”’)…"


@dataclass
class Sentence:
    text: Mapped
    index: int
    start: int  # offset in the article body


@dataclass
class Article:
    index: int
    body: Mapped
    headings: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class _Line:
    clean: Mapped
    width: float
    heading: bool = False
    mark: bool = False
    byline: bool = False


def _lines(raw: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for line in raw.splitlines(keepends=True):
        english = is_english(line)
        clean = clean_line(line, offset, words=english)
        offset += len(line)
        if english:
            clean = gloss(clean)
        if clean.text:
            out.append(_Line(clean, display_width(line)))
    return out


def _typical_width(lines: list[_Line], i: int, window: int = 6) -> float:
    around = [ln.width for j, ln in enumerate(lines[max(0, i - window): i + window + 1], start=max(0, i - window))
              if j != i]
    return statistics.median(around) if around else lines[i].width


def _mark_headings(lines: list[_Line]) -> None:
    for i, ln in enumerate(lines):
        text = ln.clean.text
        ln.mark = bool(ARTICLE_MARK.match(text))
        ln.byline = bool(BYLINE.match(text))
        if ln.mark or ln.byline:
            continue
        prev = lines[i - 1] if i else None
        after_sentence = prev is None or prev.heading or prev.byline or prev.clean.text[-1] in SENTENCE_END + "”"
        if after_sentence and text[-1] not in LINE_END_PUNCT and not re.search(r"[,;。]", text) \
                and abs(ln.width - _typical_width(lines, i)) >= 1.5:
            ln.heading = True


def split_page(raw: str) -> list[Article]:
    """The articles of a page, each with its joined body text and its sentences.

    A body is kept as the list of its lines and joined once when its article closes (or when an
    article mark needs its text), so that a page is read in time linear in its length.
    """
    lines = _lines(raw)
    _mark_headings(lines)
    articles: list[Article] = []
    body: list[Mapped] = []  # the lines of the current body, each non-empty
    headings: list[str] = []

    def close(text: Mapped) -> None:
        nonlocal body, headings
        if text.text or headings:
            articles.append(_finish(len(articles), text, headings))
        body, headings = [], []

    for ln in lines:
        if ln.mark:
            # Text after the last finished sentence is a heading printed above the new article.
            joined = Mapped.join(body)
            cut = max(joined.text.rfind(c) for c in SENTENCE_END) + 1
            tail = joined[cut:]
            close(joined[:cut])
            if tail.text:
                headings.append(tail.text)
            body = [ln.clean]
            continue
        if ln.byline:
            close(Mapped.join(body))
            continue
        if ln.heading:
            if body and body[-1].text[-1] not in SENTENCE_END:
                body.append(Mapped("。", (body[-1].pos[-1],)))
            headings.append(ln.clean.text)
            continue
        body.append(ln.clean)
    close(Mapped.join(body))
    return articles


def _finish(index: int, body: Mapped, headings: list[str]) -> Article:
    article = Article(index, body, headings)
    start = 0
    text = body.text
    for m in re.finditer(r"[。!?]+”?|$", text):
        end = m.end()
        if end > start and text[start:end].strip("。!?”"):
            article.sentences.append(Sentence(body[start:end], len(article.sentences), start))
        start = end
        if end >= len(text):
            break
    return article
