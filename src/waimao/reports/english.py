"""English names inside a sentence: articles, short prefecture names, lists, small numbers in words.

The English bulletin and its driver sentences (reports/driver_text.py) name partners, products
and prefectures the same way, so these conventions live once, here.
"""

from __future__ import annotations


def short_name(name_en: str) -> str:
    """Haixi Mongol and Tibetan Autonomous Prefecture → Haixi: how a list of prefectures names them."""
    return name_en.split(" ")[0] if name_en.endswith("Autonomous Prefecture") else name_en


_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_en(n: int, *, capital: bool = False) -> str:
    """Numbers up to ten in words, as house style has them (three largest partners), larger in digits."""
    text = _NUMBERS[n] if 0 <= n < len(_NUMBERS) else f"{n:,}"
    return text[0].upper() + text[1:] if capital else text


def lower_name(name: str) -> str:
    """'lithium-ion batteries' inside a sentence; an acronym (ASEAN, HS 8507) keeps its capitals."""
    first = name.split(" ")[0]
    return name if first.isupper() else name[0].lower() + name[1:]


#: Names English writes with "the": by their start (the Philippines, the Democratic Republic of the
#: Congo) or their end (the British Virgin Islands, the Czech Republic, the Netherlands Antilles).
_THE = ("European", "United", "Belt", "Philippines", "Netherlands", "Democratic Republic", "Bahamas", "Maldives",
        "Gambia")
_THE_END = ("Islands", "Republic", "Antilles", "Emirates")


def with_article(name: str) -> str:
    """'the European Union', 'the Philippines', 'the Cayman Islands'; other country names as they are."""
    return f"the {name}" if name.startswith(_THE) or name.endswith(_THE_END) else name


def and_list(names: list[str]) -> str:
    """'Croatia, Ecuador and Panama'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


__all__ = ["and_list", "count_en", "lower_name", "short_name", "with_article"]
