"""Realistic random instances for bench/matching: German units and locations, languages, 40 topics."""

from __future__ import annotations

import random

from resonanz.buddy.matching import BuddyIn, CoacheeIn

UNITS = [
    "Vertrieb",
    "Einkauf",
    "IT",
    "Personal",
    "Finanzen",
    "Marketing",
    "Produktion",
    "Logistik",
    "Qualitätsmanagement",
    "Recht",
    "Forschung und Entwicklung",
    "Kundenservice",
]
# Locations with their UTC offset in winter (minutes) and how many colleagues work there (weight).
LOCATIONS = [
    ("Berlin", 60, 18),
    ("München", 60, 16),
    ("Hamburg", 60, 12),
    ("Köln", 60, 10),
    ("Frankfurt am Main", 60, 10),
    ("Stuttgart", 60, 8),
    ("Leipzig", 60, 6),
    ("Wien", 60, 4),
    ("Zürich", 60, 3),
    ("Warschau", 60, 3),
    ("London", 0, 3),
    ("Istanbul", 180, 2),
    ("Pune", 330, 2),
    ("New York", -300, 2),
    ("Shanghai", 480, 1),
]
LANGUAGE_SETS = [
    (("de",), 30),
    (("de", "en"), 45),
    (("de", "en", "fr"), 6),
    (("de", "tr"), 4),
    (("de", "pl"), 3),
    (("en",), 6),
    (("en", "fr"), 2),
    (("pl", "en"), 2),
    (("tr", "en"), 1),
    (("de", "en", "es"), 1),
]
N_TOPICS = 40


def _pick(rng: random.Random, weighted: list[tuple[object, int]]) -> object:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def instance(n_coachees: int, n_buddies: int, seed: int = 14) -> tuple[list[BuddyIn], list[CoacheeIn]]:
    rng = random.Random(seed)
    # Topic popularity falls off (a few topics everybody has, a long tail).
    topic_weights = [1.0 / (1 + i) ** 0.8 for i in range(N_TOPICS)]
    topics = list(range(1, N_TOPICS + 1))
    loc_weights = [w for _, _, w in LOCATIONS]
    lang_sets = [frozenset(ls) for ls, _ in LANGUAGE_SETS]
    lang_weights = [w for _, w in LANGUAGE_SETS]

    def some_topics(lo: int, hi: int) -> frozenset[int]:
        n = rng.randint(lo, hi)
        chosen: set[int] = set()
        while len(chosen) < n:
            chosen.add(rng.choices(topics, weights=topic_weights)[0])
        return frozenset(chosen)

    buddies: list[BuddyIn] = []
    for j in range(n_buddies):
        loc = rng.choices(LOCATIONS, weights=loc_weights)[0]
        langs = rng.choices(lang_sets, weights=lang_weights)[0]
        if "en" not in langs and rng.random() < 0.5:
            langs = langs | {"en"}
        buddies.append(
            BuddyIn(
                key=1_000_000 + j,
                capacity=rng.randint(20, 80),
                languages=langs,
                topics=some_topics(4, 8),
                utc_offset_minutes=loc[1],
                unit=rng.choice(UNITS),
            )
        )
    coachees = [
        CoacheeIn(
            key=i + 1,
            languages=rng.choices(lang_sets, weights=lang_weights)[0],
            topics=some_topics(1, 3),
            utc_offset_minutes=rng.choices(LOCATIONS, weights=loc_weights)[0][1],
            unit=rng.choice(UNITS),
            prefers_other_unit=rng.random() < 0.15,
        )
        for i in range(n_coachees)
    ]
    return buddies, coachees
