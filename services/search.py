"""Search text for services: folded spelling, plus each word without its
leading "و" (and) and "ال" (the), which Arabic writes joined to the word.

The database search backend matches whole words only, so "الفواتير" would
not find "والفواتير" otherwise. Queries are only folded: the index holds
the shorter forms as well.
"""

from core.arabic import normalise_for_search


def _shorter_forms(word: str) -> list[str]:
    forms = []
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
        forms.append(word)
    if word.startswith("ال") and len(word) > 4:
        forms.append(word[2:])
    return forms


def searchable_text(*parts: str) -> str:
    folded = normalise_for_search(" ".join(part for part in parts if part))
    words = folded.split()
    return " ".join(words + [form for word in words for form in _shorter_forms(word)])
