"""Score the checker against annotated texts: recall, precision and "inconsistent" alarms.

Two kinds of annotated texts exist, and each is read as it is laid out:

* a **corpus** folder (`articles/NNN.txt`, `gold/NNN.json`, `articles/index.tsv`, optionally
  `inconsistencies.tsv`): unrelated releases, each checked on its own (cross-text checks between
  two provinces' releases would be meaningless), with 今年 = the first year of the index's
  `period_described`;
* the **seeds** (`seeds/NNN_*.txt` with `spec/published_figures.tsv`): one province's bulletins,
  checked together as `waimao check` would check them, scored by the rule of the seed tests (a row
  is found when a claim of its seed has exactly its key and value).

The rule (docs/claims.md, "Evaluation") is lenient on names and strict on numbers: two figures are
the same when subject, period, flow, breakdown, metric and value agree, after names are mapped to
the package's reference names (gold `中国`/`欧盟`/`私营企业` may be spelt otherwise by the reader),
metrics that name one quantity are merged (a share of the city or of a group is a share), and money
and quantities are compared in one unit (2.81万亿元 = 28100亿元) but never across currencies.
Gold claims with a soft note (worded, threshold, approx, implicit, listing order, first_time) are
not required: recall and precision are over the strict ones, and a soft claim found is counted
apart, neither as a hit nor as a false positive. Matching is one to one per key: a figure the
text restates (gold `repeat`) must be read each time to be matched each time.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from waimao.claims import check_texts
from waimao.claims.extract import Claim

#: The note words of a soft gold claim (the corpus's validate_all.py counts soft claims the same way).
SOFT = re.compile(r"worded|threshold|approx|implicit|listing order|first_time")

#: Metrics that are one quantity under two names: the whole of a share is part of the key through
#: subject and breakdown, so the checker's finer share metrics are the gold's `share_pct`.
METRIC_ALIASES = {"value_rank": "rank", "share_of_city_pct": "share_pct", "share_of_group_pct": "share_pct",
                  "share_of_pct": "share_pct"}

#: Amounts in one dimension are compared in its base unit (元 of one currency, 吨, 台, 辆).
SCALES = {"元": ("CNY", 1), "万元": ("CNY", 1e4), "亿元": ("CNY", 1e8), "万亿元": ("CNY", 1e12),
          "美元": ("USD", 1), "万美元": ("USD", 1e4), "亿美元": ("USD", 1e8), "万亿美元": ("USD", 1e12),
          "吨": ("吨", 1), "万吨": ("吨", 1e4), "台": ("台", 1), "万台": ("台", 1e4),
          "辆": ("辆", 1), "万辆": ("辆", 1e4)}

#: Breakdown kinds that are one family: a bloc is never a `partner` in the gold, the reader may say so.
KIND_FAMILY = {"partner_group": "partner"}

_QUOTES = re.compile(r"[“”\"'‘’「」『』《》\s]")


# --- normalisation ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _name(text: str) -> str:
    """A name as the package's tables know it (reference name or region code); else the cleaned text."""
    from waimao.claims import lexicon
    from waimao.model.regions import resolve_region

    clean = _QUOTES.sub("", unicodedata.normalize("NFKC", text))
    found = lexicon.names().get(clean)
    if found is not None and found[0] not in ("flow", "self"):
        return found[1]
    try:
        return resolve_region(clean).code
    except LookupError:
        return clean


def _breakdown(kind: str | None, name: str | None) -> tuple[str, str] | None:
    if kind is None or name is None:
        return None
    names = sorted(_name(part) for part in name.split("+"))
    return (KIND_FAMILY.get(kind, kind), "+".join(names))


def _amount(value: float, unit: str) -> tuple[str, float]:
    """(dimension, value in its base unit); the unit itself for % 倍 个百分点 位 个 家 …"""
    if unit in SCALES:
        dim, k = SCALES[unit]
        return dim, round(value * k, 6)
    return unit, round(value, 6)


def key(subject: str | None, period: str | None, flow: str, breakdown: tuple[str, str] | None, metric: str,
        value: float, unit: str) -> tuple:
    """The key two figures must share to be the same figure (module docstring)."""
    return (_name(subject) if subject else None, period, flow,
            _breakdown(*breakdown) if breakdown else None,
            METRIC_ALIASES.get(metric, metric), *_amount(value, unit))


def claim_key(c: Claim) -> tuple:
    return key(c.subject, c.period, c.flow, c.breakdown, c.metric, c.value, c.unit)


def gold_key(g: dict) -> tuple:
    b = g.get("breakdown")
    return key(g["subject"], g["period"], g["flow"], (b["kind"], b["name"]) if b else None, g["metric"],
               g["value"], g["unit"])


def is_soft(g: dict) -> bool:
    return bool(SOFT.search(g.get("note") or ""))


# --- scores ----------------------------------------------------------------------------------------


@dataclass
class Alarm:
    """An `inconsistent` verdict: the claim, the arithmetic, and whether the text really is inconsistent."""

    article: str
    text: str
    figure: str
    reason: str
    genuine: bool

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "text": self.text, "figure": self.figure, "reason": self.reason,
                "genuine": self.genuine}


@dataclass
class ArticleScore:
    id: str
    strict: int
    matched: int
    claims: int
    soft: int
    soft_found: int
    alarms: list[Alarm] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)  # strict gold claims not read
    extra: list[Claim] = field(default_factory=list)  # claims read that no gold claim is

    @property
    def scored(self) -> int:
        """Claims that count for precision: all but those that are soft gold claims."""
        return self.claims - self.soft_found

    @property
    def precision(self) -> float:
        return self.matched / self.scored if self.scored else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.strict if self.strict else 1.0

    @property
    def false_alarms(self) -> list[Alarm]:
        return [a for a in self.alarms if not a.genuine]

    @property
    def genuine_alarms(self) -> list[Alarm]:
        return [a for a in self.alarms if a.genuine]

    def row(self) -> dict[str, Any]:
        return {"id": self.id, "strict": self.strict, "matched": self.matched, "claims": self.claims,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3), "soft": self.soft,
                "soft_found": self.soft_found, "genuine_alarms": len(self.genuine_alarms),
                "false_alarms": len(self.false_alarms)}


@dataclass
class Evaluation:
    name: str
    articles: list[ArticleScore]

    @property
    def total(self) -> ArticleScore:
        t = ArticleScore("all", *(sum(getattr(a, f) for a in self.articles)
                                  for f in ("strict", "matched", "claims", "soft", "soft_found")))
        t.alarms = [x for a in self.articles for x in a.alarms]
        return t

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        rows = []
        for a in self.articles:
            row = a.row() | {"alarms": [x.to_dict() for x in a.alarms]}
            if details:
                row["missed"] = a.missed
                row["extra"] = [_describe(c) for c in a.extra]
            rows.append(row)
        return {"name": self.name, "total": self.total.row(), "articles": rows}


def _describe(c: Claim) -> dict[str, Any]:
    return {"subject": c.subject, "period": c.period, "flow": c.flow,
            "breakdown": list(c.breakdown) if c.breakdown else None, "metric": c.metric, "value": c.value,
            "unit": c.unit, "text": c.text}


def score_article(article: str, claims: list[Claim], gold: list[dict],
                  genuine: Iterable[dict] = ()) -> ArticleScore:
    """One article's score: one-to-one matching per key, strict gold claims first (module docstring)."""
    strict_left = Counter(gold_key(g) for g in gold if not is_soft(g))
    soft_left = Counter(gold_key(g) for g in gold if is_soft(g))
    matched = soft_found = 0
    extra = []
    for c in claims:
        k = claim_key(c)
        if strict_left[k] > 0:
            strict_left[k] -= 1
            matched += 1
        elif soft_left[k] > 0:
            soft_left[k] -= 1
            soft_found += 1
        else:
            extra.append(c)
    missed = []
    for g in gold:
        k = gold_key(g)
        if not is_soft(g) and strict_left[k] > 0:
            strict_left[k] -= 1
            missed.append(g)
    rows = list(genuine)
    alarms = [Alarm(article, " ".join(c.text.split()), f"{c.metric} {c.value:g}{c.unit}", c.reason,
                    _is_genuine(c, rows)) for c in claims if c.verdict == "inconsistent"]
    return ArticleScore(article, sum(not is_soft(g) for g in gold), matched, len(claims),
                        sum(is_soft(g) for g in gold), soft_found, alarms, missed, extra)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _is_genuine(c: Claim, rows: list[dict]) -> bool:
    """An alarm is on a published inconsistency when its claim lies in the row's text or is one of the
    figures the row's arithmetic names (inconsistencies.tsv `why`): either side of a broken tie counts."""
    own = " ".join(c.text.split())
    written = {float(n) for n in _NUMBER.findall(own)}
    for row in rows:
        if own in row["text"] or row["text"] in own:
            return True
        if c.value in {float(n) for n in _NUMBER.findall(row["why"])} and abs(c.value) in written:
            return True
    return False


# --- the two layouts -------------------------------------------------------------------------------


def _index_years(index: Path) -> dict[str, int]:
    years = {}
    if index.is_file():
        with index.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                m = re.search(r"(?:19|20)\d{2}", row.get("period_described", ""))
                if m:
                    years[row["id"]] = int(m[0])
    return years


def evaluate_corpus(root: Path) -> Evaluation:
    """Every article of a corpus folder that has a gold file, each checked on its own (no warehouse)."""
    root = Path(root)
    years = _index_years(root / "articles" / "index.tsv")
    genuine: dict[str, list[dict]] = defaultdict(list)
    if (root / "inconsistencies.tsv").is_file():
        with (root / "inconsistencies.tsv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                genuine[row["id"]].append(row)
    scores = []
    for path in sorted((root / "articles").glob("*.txt")):
        gold_path = root / "gold" / f"{path.stem}.json"
        if not gold_path.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = check_texts([(path.stem, path.read_text(encoding="utf-8"))], year=years.get(path.stem))
        scores.append(score_article(path.stem, report.claims, gold, genuine[path.stem]))
    return Evaluation(root.name, scores)


def evaluate_seeds(seeds: Path, published: Path, year: int = 2025) -> Evaluation:
    """The seed pages, checked together, against the trade rows of published_figures.tsv.

    The TSV lists every figure the seeds are known for, not every claim they make (the seed tests
    review the rest), so a claim that is no row counts against precision here although it may be
    right. A row whose `needs` is `inconsistent` is a published inconsistency.
    """
    texts = [(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(Path(seeds).glob("*.txt"))]
    with Path(published).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["needs"] != "meta"]
    report = check_texts(texts, year=year)
    by_seed: dict[str, list[Claim]] = defaultdict(list)
    for c in report.claims:
        by_seed[c.file].append(c)
    scores = []
    for seed, _ in texts:
        gold = [_row_as_gold(r) for r in rows if r["seed"] == seed]
        score = score_article(seed, by_seed[seed], gold)
        inconsistent = {gold_key(_row_as_gold(r)) for r in rows if r["seed"] == seed and r["needs"] == "inconsistent"}
        for alarm, c in zip(score.alarms, [c for c in by_seed[seed] if c.verdict == "inconsistent"]):
            alarm.genuine = claim_key(c) in inconsistent
        scores.append(score)
    return Evaluation(Path(seeds).name, scores)


def _row_as_gold(r: dict[str, str]) -> dict:
    breakdown = {"kind": r["breakdown_kind"], "name": r["breakdown"]} if r["breakdown_kind"] else None
    return {"subject": r["subject"], "period": r["period"], "flow": r["flow"], "breakdown": breakdown,
            "metric": r["metric"], "value": float(r["value"]), "unit": r["unit"], "text": r["text"]}
