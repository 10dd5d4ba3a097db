"""What a resident's free words name: a kind of work (the directory's own names, synonyms and
transliteration, workers.queries) and villages or wards of the sub-division, both matched on
search keys (core.text.search_key), so that "plumber Amtar", "प्लंबर अमतर", "need electrician
in Amtar" and "अमतर में बिजली वाला" are read alike."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from marketplace.chat.flows.base import Said
from marketplace.core.text import search_key
from marketplace.places import reference as places
from marketplace.workers import reference
from marketplace.workers.queries import understand_words

#: words around a request that name neither the work nor the place, in either script; left
#: in, a short one would be taken for the start of a village's name ("abhi": Bijhari)
FILLER_WORDS = (
    "i", "a", "an", "the", "need", "want", "in", "at", "near", "for", "of", "please", "me",
    "my", "village", "today", "tomorrow", "now", "urgent", "mujhe", "chahiye", "hai", "ko",
    "ka", "ki", "ke", "mein", "pas", "paas", "ek", "gaon", "aaj", "kal", "abhi", "jaldi",
    "मुझे", "चाहिए", "है", "को", "का", "की", "के", "में", "मे", "पास", "एक", "गाँव", "गांव", "आज",
    "कल", "अभी", "जल्दी")


@dataclass(frozen=True)
class Wanted:
    """What one message asks for: the kind of work (None when it names none), the villages
    it names (several when a name is shared, or only begun), and the words that are neither
    (a place not found, perhaps)."""

    category_id: int | None
    village_ids: tuple[int, ...]
    unknown: tuple[str, ...]


@functools.cache
def _fillers() -> frozenset[str]:
    """FILLER_WORDS folded, once per process."""
    return frozenset(map(search_key, FILLER_WORDS))


def read_wanted(sub_division_id: int, said: Said, *, place_asked: bool = False) -> Wanted:
    """The work and the place in the words. A village's whole name is looked for first, so
    that a name holding a trade's word ("Ward 7 Amtar Road": road, rod) stays whole; then the
    work in the words left (or in that name itself, when it is a trade's word too, no other
    is named and the place was not asked). When the words name no whole village but name
    the work, or the place was asked (`place_asked`), the villages whose names begin words
    with every word left save fillers ("ward 7") are taken."""
    index = reference.term_index()
    village_ids, name, rest = _villages_in(sub_division_id, said.key.split())
    named, left = understand_words(rest, index)
    if village_ids and not named and not place_asked and name in index:
        # a name that is also a trade's word ("Bahal" and बाल, hair), with no other work
        # named, is the work: the place was not asked
        village_ids, named = [], {index[name]}
    category_id = next((row.id for row in reference.categories() if row.id in named), None)
    left = [word for word in left if word not in _fillers()]
    if not village_ids and left and (category_id is not None or place_asked):
        village_ids = _villages_begun(sub_division_id, left)
        left = [] if village_ids else left
    return Wanted(category_id, tuple(village_ids), tuple(left))


def _villages_in(sub_division_id: int, words: list[str]) -> tuple[list[int], str, list[str]]:
    """The villages whose whole name in either script is a run of `words`, the longest such
    names only ("Ward 7 Amtar Road" rather than "Amtar"), that name, and the words without
    it."""
    typed = f" {' '.join(words)} "
    named = [(len(key.split()), village_id, key)
             for village_id, keys in places.village_name_keys(sub_division_id).items()
             for key in keys if f" {key} " in typed]
    if not named:
        return [], "", words
    longest = max(size for size, _id, _key in named)
    found = [(village_id, key) for size, village_id, key in named if size == longest]
    run = found[0][1].split()
    start = next(at for at in range(len(words)) if words[at:at + longest] == run)
    return list(dict.fromkeys(village_id for village_id, _key in found)), found[0][1], (
        words[:start] + words[start + longest:])


def _villages_begun(sub_division_id: int, words: list[str]) -> list[int]:
    """The villages whose names, in either script, hold every word as the start of a word."""
    def holds(keys: tuple[str, ...]) -> bool:
        names = " " + " ".join(keys)
        return all(f" {word}" in names for word in words)

    return [village_id for village_id, keys in places.village_name_keys(sub_division_id).items()
            if holds(keys)]
