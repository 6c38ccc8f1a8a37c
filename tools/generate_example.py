#!/usr/bin/env python3
"""Generate the invented example site of lagesbild: "Sjöby kommun".

Run from the repository root:

    python3 tools/generate_example.py

It (re)writes, byte-identically on every run:

    content/places.toml
    content/incidents/{polisen,kommunen,sjobyhem}/YYYY.csv
    content/meetings/*.md
    content/pages/om.md, content/pages/anmal.md

Everything here is invented: the municipality, the places, the incidents,
the meetings and the people's roles. Standard library only; all randomness
comes from seeded ``random.Random`` instances and nothing depends on the
clock, so the output is deterministic.

The site's configuration, lagesbild.toml, is kept by hand. This script
reads its categories from it (ids, labels, which are public) and stops with
a message when the data it writes would not fit it: a category name the
files use that no category knows, a group of a note, a source's folder or
column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import random
import sys
import tomllib
from collections import Counter, defaultdict

START = dt.date(2024, 1, 1)
END = dt.date(2026, 10, 31)
DAY = dt.timedelta(days=1)

# The hand-kept configuration the data are written for.
CONFIG_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "lagesbild.toml")
with open(CONFIG_FILE, "rb") as _f:
    CONFIG = tomllib.load(_f)

# ---------------------------------------------------------------------------
# Site, categories, places
# ---------------------------------------------------------------------------

# id, label, public: as lagesbild.toml has them, in its order
CATEGORIES = [(c["id"], c["label"], c.get("public", False)) for c in CONFIG["categories"]]
CAT_IDS = [c[0] for c in CATEGORIES]
CAT_LABEL = {c[0]: c[1] for c in CATEGORIES}

# id, name, area, lat, lon, aliases, type
PLACES = [
    ("torget", "Torget", "Centrum", 59.7603, 13.1812, ["Stora torget"], "centre"),
    ("resecentrum", "Resecentrum", "Centrum", 59.7612, 13.1795,
     ["Stationen", "Busstationen"], "station"),
    ("stadsparken", "Stadsparken", "Centrum", 59.7589, 13.1838, ["Parken"], "park"),
    ("biblioteket", "Biblioteket", "Centrum", 59.7597, 13.1771, ["Kulturhuset"], "library"),
    ("kvarnen", "Gallerian Kvarnen", "Centrum", 59.7618, 13.1846,
     ["Kvarnen", "Gallerian"], "shop"),
    ("norrskolan", "Norrskolan", "Norra", 59.7741, 13.1768, ["Norra skolan"], "school"),
    ("idrottsplatsen", "Idrottsplatsen", "Norra", 59.7768, 13.1702,
     ["Sjöby IP", "IP"], "sport"),
    ("bjorkgarden", "Björkgården", "Norra", 59.7725, 13.1861, [], "housing"),
    ("norrhagen", "Norrhagen", "Norra", 59.7792, 13.1815, [], "housing"),
    ("sodra-centrum", "Södra centrum", "Södra", 59.7468, 13.1787,
     ["Söder centrum", "Centrumhuset Söder"], "suburb"),
    ("ungdomsgarden", "Ungdomsgården", "Södra", 59.7479, 13.1745,
     ["Fritidsgården", "UG"], "youth"),
    ("lindskolan", "Lindskolan", "Södra", 59.7452, 13.1722, [], "school"),
    ("solbacken", "Solbacken", "Södra", 59.7431, 13.1826, [], "housing"),
    ("alvpromenaden", "Älvpromenaden", "Älvstranden", 59.7586, 13.1962,
     ["Strandpromenaden"], "path"),
    ("badplatsen", "Badplatsen", "Älvstranden", 59.7531, 13.2068,
     ["Sjöbybadet", "Badet"], "beach"),
    ("bathamnen", "Båthamnen", "Älvstranden", 59.7637, 13.2011,
     ["Gästhamnen", "Hamnen"], "harbour"),
    ("alvbron", "Älvbron", "Älvstranden", 59.7660, 13.1985, ["Gångbron"], "bridge"),
    ("industrivagen", "Industrivägen", "Industriområdet", 59.7652, 13.1466, [], "industry"),
    ("atervinningscentralen", "Återvinningscentralen", "Industriområdet",
     59.7691, 13.1402, ["ÅVC", "Återvinningen"], "recycling"),
    ("gamla-sagen", "Gamla sågen", "Industriområdet", 59.7617, 13.1378,
     ["Sågverkstomten"], "ruin"),
    ("pendelparkeringen", "Pendelparkeringen", "Industriområdet", 59.7631, 13.1541,
     ["Infartsparkeringen"], "parking"),
]
PLACE_IDS = [p[0] for p in PLACES]
PLACE_NAME = {p[0]: p[1] for p in PLACES}
PLACE_ALIASES = {p[0]: p[5] for p in PLACES}
PLACE_TYPE = {p[0]: p[6] for p in PLACES}
PLACE_TYPES = {
    "sodra-centrum": ("shop", "housing", "centre"),
}
HOUSING = ["bjorkgarden", "norrhagen", "solbacken", "sodra-centrum"]
SCHOOLS = ["norrskolan", "lindskolan"]
WATER = ["alvpromenaden", "badplatsen", "bathamnen"]


def place_types(pid):
    return PLACE_TYPES.get(pid, (PLACE_TYPE[pid],))


# How much each place draws each kind of event (relative; 0 = never).
S, K, B, N, O, G, H, D, I, L, R, T = CAT_IDS  # short names for the table
AFFINITY = {
    "torget": {O: 3, H: 2.5, S: 2, G: 2, N: 2, K: 1.5, D: 1, I: 1, L: .8, B: .6, R: 1, T: 1.2},
    "resecentrum": {G: 4, S: 3.5, O: 2.5, D: 2.5, H: 2, K: 2, T: 3, R: 1.5, N: 1.5, I: .8,
                    B: .6, L: .5},
    "stadsparken": {G: 1.5, N: 2, S: 1.5, D: 1.5, T: 1.5, O: 1, K: 1, B: .8, H: .7, R: .4},
    "biblioteket": {S: .8, O: 1, G: 1, L: 1, K: .8, H: .5, T: .5, R: .5},
    "kvarnen": {O: 1.5, I: 2, H: 1, G: 1.5, L: 1.2, S: 1, K: .6, N: .8, R: .5},
    "norrskolan": {S: 2, K: 1.5, L: 2.5, R: 3, O: 1, G: 1, B: .8, I: 1, N: .6},
    "idrottsplatsen": {G: 1, N: 1.2, S: 1, I: .8, K: .6, O: .6, B: .4, L: .5},
    "bjorkgarden": {S: 2, K: 1.5, I: 2, N: 1.5, O: 1.5, B: 1, L: 1.5, R: 1, G: .8, H: .8,
                    T: .8, D: .6},
    "norrhagen": {S: 1.2, K: 1, I: 1.2, N: 1, O: 1, B: .6, L: 1, G: .5, T: .5, R: .5},
    "sodra-centrum": {S: 2, K: 2, G: 1.5, O: 1.5, N: 1.2, D: 1, H: 1, I: 1, L: .8, T: 1.5,
                      B: .6, R: .8},
    "ungdomsgarden": {G: 1.2, O: 1.2, S: 1, K: 1, R: 1.5, H: .6, D: .6, L: .6},
    "lindskolan": {S: 1.2, K: 1, L: 1.5, R: 2, O: .6, G: .6, B: .5, I: .6},
    "solbacken": {S: 1.2, K: 1, I: 1.2, N: 1, O: 1, B: .6, L: .8, T: .6, G: .4},
    "alvpromenaden": {T: 2, G: 1, N: 1.5, S: .8, D: .8, K: .8, O: .6, H: .4},
    "badplatsen": {N: 2, G: 1.5, O: 1.2, S: .8, B: .8, H: .5, D: .5, I: .4},
    "bathamnen": {I: 1.5, S: .8, G: .6, N: .8, O: .6, B: .3},
    "alvbron": {K: 1.5, S: .6, T: 1, G: .4, N: .5},
    "industrivagen": {I: 1.5, S: .8, G: .6, K: .6, L: 1.5, B: .6, N: .6},
    "atervinningscentralen": {N: 1.5, I: 1, B: .5, S: .5, L: .8},
    "gamla-sagen": {B: 1.5, S: 1.2, G: .6, K: 1, D: .5, T: .6},
    "pendelparkeringen": {I: 1.5, S: .8, T: .8, G: .4},
}

# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

# events per day (before modifiers) and the time profiles they follow
BASE = {
    "polisen": [
        (O, .55, [("evening", .6), ("night", .4)]),
        (S, .35, [("evening", .5), ("night", .5)]),
        (H, .22, [("evening", .6), ("night", .4)]),
        (D, .18, [("day", .5), ("evening", .5)]),
        (I, .28, [("night", .6), ("day", .4)]),
        (B, .07, [("evening", .7), ("night", .3)]),
        (G, .14, [("evening", 1)]),
        (R, .18, [("day", .4), ("evening", .6)]),
        (K, .05, [("night", 1)]),
        (L, .03, [("night", 1)]),
    ],
    "kommunen": [
        (K, .34, [("office", 1)]),
        (N, .32, [("office", .85), ("day", .15)]),
        (S, .30, [("office", .65), ("evening", .35)]),
        (T, .14, [("day", 1)]),
        (G, .22, [("evening", 1)]),
        (B, .08, [("evening", .6), ("night", .4)]),
        (L, .20, [("night", .6), ("evening", .4)]),
        (R, .14, [("office", 1)]),
        (O, .10, [("evening", 1)]),
        (D, .03, [("day", 1)]),
    ],
    "sjobyhem": [
        (S, .32, [("office", .5), ("evening", .5)]),
        (K, .22, [("office", 1)]),
        (N, .18, [("office", 1)]),
        (I, .14, [("office", .6), ("night", .4)]),
        (L, .11, [("night", .7), ("evening", .3)]),
        (B, .045, [("evening", .6), ("night", .4)]),
        (O, .15, [("evening", .5), ("night", .5)]),
        (T, .05, [("day", 1)]),
        (G, .07, [("evening", 1)]),
    ],
}
SOURCES = ["polisen", "kommunen", "sjobyhem"]
SOURCE_ORG = {"polisen": "Polisen", "kommunen": "Sjöby kommun", "sjobyhem": "Sjöbyhem"}


def source_places(src):
    if src == "sjobyhem":
        return {p: 1.0 for p in HOUSING}
    if src == "kommunen":
        return {p: (0.3 if p in HOUSING[:3] else 1.0) for p in PLACE_IDS}
    return {p: 1.0 for p in PLACE_IDS}


HOURS = {
    "evening": [3, 2, 1.2, .6, .3, .1, .1, .2, .3, .4, .5, .6, .7, .8, 1, 1.3, 1.8, 2.4,
                3.2, 4, 4.6, 4.8, 4.4, 3.8],
    "night": [4, 3.5, 3, 2.2, 1.2, .5, .2, .1, .1, .1, .1, .1, .1, .1, .2, .2, .3, .5, .8,
              1.2, 1.8, 2.6, 3.4, 4],
    "office": [0, 0, 0, 0, 0, 0, .3, 2, 3, 3, 2.5, 2, 1.5, 2, 2.2, 1.8, 1, .3, 0, 0, 0, 0,
               0, 0],
    "day": [.1, .05, .05, 0, 0, .1, .3, .8, 1.2, 1.5, 1.6, 1.7, 1.8, 1.8, 1.9, 2, 2.1, 2,
            1.8, 1.5, 1.2, .8, .5, .3],
    "newyear": [6, 3, 1.5, .5, .2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .2, .4, .8, 1.2, 1.6, 2,
                2.5, 3.5, 6],
}
HOUR_CUM = {}
for _k, _w in HOURS.items():
    _acc, _c = 0.0, []
    for _x in _w:
        _acc += _x
        _c.append(_acc)
    HOUR_CUM[_k] = _c


def _norm(xs):
    m = sum(xs) / len(xs)
    return [x / m for x in xs]


DOW = {  # Monday first; the day the evening falls on
    "evening": _norm([.75, .75, .85, .95, 1.5, 1.7, .9]),
    "night": _norm([.7, .7, .8, .9, 1.6, 1.8, .9]),
    "office": _norm([1.35, 1.1, 1.0, 1.0, .9, .12, .08]),
    "day": _norm([1, 1, 1, 1, 1.1, .9, .8]),
}

SEASON = {
    S: [1.15, 1.05, 1.0, .95, 1.0, .95, .85, .9, 1.0, 1.15, 1.2, 1.1],
    K: [.8, .8, 1.0, 1.15, 1.2, 1.1, .9, 1.0, 1.15, 1.1, .95, .8],
    B: [.9, .6, .7, 1.3, 1.2, 1.2, 1.2, 1.0, .8, .9, 1.0, 1.2],
    N: [.45, .45, .6, .9, 1.3, 1.9, 2.2, 1.8, 1.1, .7, .5, .5],
    O: [.85, .8, .85, 1.0, 1.1, 1.25, 1.3, 1.2, 1.0, .95, .85, .9],
    G: [.7, .7, .8, 1.0, 1.2, 1.5, 1.5, 1.4, 1.1, .9, .8, .7],
    H: [.9, .85, .9, .95, 1.05, 1.15, 1.2, 1.15, 1.0, .95, .9, 1.0],
    D: [.9, .9, .95, 1.0, 1.05, 1.1, 1.1, 1.1, 1.0, 1.0, .95, .9],
    I: [1.3, 1.15, 1.0, .85, .8, .8, 1.0, .85, .9, 1.1, 1.3, 1.4],
    L: [1.2, 1.15, 1.05, .95, .9, .85, .8, .85, .95, 1.05, 1.1, 1.2],
    R: [1.0, 1.1, 1.1, 1.1, 1.1, .9, .6, .8, 1.1, 1.1, 1.1, 1.0],
    T: [1.5, 1.3, 1.0, .8, .6, .5, .5, .6, .9, 1.4, 1.6, 1.5],
}
WATER_SEASON = [.25, .25, .3, .5, 1.2, 2.6, 3.2, 2.4, 1.0, .5, .3, .25]

# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------


def easter(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def iso_week_day(year, week, weekday):
    return dt.date.fromisocalendar(year, week, weekday)


def midsummer_eve(year):
    d = dt.date(year, 6, 19)
    while d.weekday() != 4:
        d += DAY
    return d


def school_end(year):
    return iso_week_day(year, 24, 5)


def school_start(year):
    return iso_week_day(year, 34, 3)


def public_holidays(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1), dt.date(year, 1, 6), e - 2 * DAY, e + DAY, dt.date(year, 5, 1),
        e + 39 * DAY, dt.date(year, 6, 6), midsummer_eve(year), dt.date(year, 12, 24),
        dt.date(year, 12, 25), dt.date(year, 12, 26), dt.date(year, 12, 31),
    }


def school_holiday_kind(d):
    """None on a school day in term, else the kind of day off."""
    y = d.year
    if d.weekday() >= 5:
        return "weekend"
    if d in public_holidays(y):
        return "holiday"
    if d >= dt.date(y, 12, 21) or d <= dt.date(y, 1, 7):
        return "jullov"
    if d.isocalendar()[1] == 9:
        return "sportlov"
    e = easter(y)
    if e + DAY <= d <= e + 5 * DAY:
        return "påsklov"
    if school_end(y) < d < school_start(y):
        return "sommarlov"
    if d.isocalendar()[1] == 44:
        return "höstlov"
    return None


def interp(points, d):
    """Piecewise linear over [(date, value)], flat outside."""
    if d <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if d <= d1:
            t = (d - d0).days / max(1, (d1 - d0).days)
            return v0 + (v1 - v0) * t
    return points[-1][1]


def D_(s):
    return dt.date.fromisoformat(s)


# The hot place: Resecentrum grows worse through autumn 2024, actions are
# decided in March 2025 (field workers from April, lighting in May, camera in
# September) and it clearly cools.
RC_CURVE = [(D_("2024-08-31"), 1.0), (D_("2025-03-15"), 1.9), (D_("2025-04-30"), 0.85),
            (D_("2025-06-01"), 0.6), (D_("2025-09-15"), 0.5), (D_("2025-10-15"), 0.4),
            (D_("2026-10-31"), 0.38)]
RC_BOOST = {G: 3.2, S: 2.6, O: 1.6, D: 1.8, T: 1.8}
# Some displacement to Stadsparken in summer 2025 that fades.
PARK_CURVE = [(D_("2025-05-01"), 1.0), (D_("2025-07-01"), 3.5), (D_("2025-09-30"), 2.5),
              (D_("2025-11-30"), 1.0)]
# The slow rise: graffiti at Södra centrum from mid 2025, clear in 2026.
SC_KLOTTER = [(D_("2025-06-01"), 1.0), (D_("2026-01-01"), 1.7), (D_("2026-10-31"), 3.3)]
# Neighbourhood watch in Björkgården works.
BG_INBROTT = [(D_("2024-09-01"), 1.0), (D_("2025-03-01"), 0.6)]


def special(cat, d):
    """Multiplier for the evening of date d (New Year's Eve, Valborg …)."""
    y, m, day = d.year, d.month, d.day
    f = 1.0
    if m == 12 and day == 31:
        f *= {B: 50, O: 10, L: 2, H: 2, S: 1.5}.get(cat, 1)
    elif m == 12 and 26 <= day <= 30:
        f *= {B: 1.8, O: 1.3}.get(cat, 1)
    elif m == 1 and day == 1:
        f *= {N: 4, B: 2, O: 1.5}.get(cat, 1)
    elif m == 4 and day == 30:
        f *= {B: 20, O: 5, H: 2.5, N: 2, G: 2}.get(cat, 1)
    elif m == 5 and day == 1:
        f *= {N: 3}.get(cat, 1)
    elif m == 10 and day == 31:
        f *= {S: 2.5, O: 2, L: 1.5}.get(cat, 1)
    if d == midsummer_eve(y):
        f *= {O: 3.5, H: 3, G: 2}.get(cat, 1)
    elif d == midsummer_eve(y) + DAY:
        f *= {N: 3}.get(cat, 1)
    if d == school_end(y):
        f *= {G: 3, O: 3}.get(cat, 1)
    elif d == school_end(y) + DAY:
        f *= {N: 2}.get(cat, 1)
    return f


def place_mod(cat, pid, d, off):
    f = 1.0
    mon = d.month - 1
    if pid == "resecentrum":
        f *= RC_BOOST.get(cat, 1)
        h = interp(RC_CURVE, d)
        if cat in (G, S):
            f *= h
        elif cat in (O, D, K, T):
            f *= 1 + (h - 1) * 0.5
        if cat == T and d >= D_("2025-06-01"):
            f *= 0.45
    elif pid == "stadsparken" and cat in (G, O, N, D, S):
        f *= interp(PARK_CURVE, d)
    elif pid == "sodra-centrum":
        if cat == K:
            f *= interp(SC_KLOTTER, d)
        elif cat == S:
            f *= 1 + (interp(SC_KLOTTER, d) - 1) * 0.3
        elif cat == T and d >= D_("2024-11-20"):
            f *= 0.7
    elif pid == "bjorkgarden" and cat == I:
        f *= interp(BG_INBROTT, d)
    elif pid == "alvpromenaden" and cat == T:
        if d >= D_("2026-06-01"):
            f *= 0.4
        elif d >= D_("2025-05-01"):
            f *= 0.8
    if pid in WATER and cat in (N, G, O, H, B, D, S):
        w = WATER_SEASON[mon]
        f *= w ** 1.35 if pid == "badplatsen" else w
    if pid == "bathamnen" and cat == I:
        f *= WATER_SEASON[mon] ** 0.7
    if pid in SCHOOLS:
        if cat == R:
            f *= 2.2 if off is None else 0.05
        elif cat in (G, O):
            f *= 1.2 if off is None else (0.4 if off == "sommarlov" else 0.9)
        elif cat in (S, L, I, K, B):
            f *= 0.7 if off is None else (1.3 if off == "sommarlov" else 1.5)
    if pid == "ungdomsgarden" and cat in (G, O, R):
        if d.month == 7:
            f *= 0.2
        elif d.weekday() <= 3 and off in (None, "weekend"):
            f *= 1.4
    if pid == "idrottsplatsen" and cat in (G, N, S):
        f *= 1.6 if 5 <= d.month <= 9 else 0.6
    if pid == "industrivagen" and cat == G:
        f *= 2.5 if 6 <= d.month <= 8 else 0.6
    if pid == "gamla-sagen" and cat == B:
        f *= 1.8 if 5 <= d.month <= 9 else 0.7
    if pid == "kvarnen" and cat in (I, O) and d.month == 12:
        f *= 1.3
    return f


# ---------------------------------------------------------------------------
# What the rows say
# ---------------------------------------------------------------------------

# category as written by the police and by Sjöbyhem (weights by repetition)
POLICE_NAMES = {
    S: ["Skadegörelse"] * 6 + ["skadegörelse", "Vandalism", "SKADEGÖRELSE"],
    K: ["Klotter", "Klotter", "Graffiti"],
    B: ["Brand", "Brand", "Anlagd brand", "Brand utomhus"],
    O: ["Ordningsstörning"] * 5 + ["Bråk", "ordningsstörning", "Störning"],
    G: ["Samling som skapar otrygghet", "Folksamling", "Samling", "Samling"],
    H: ["Hot och våld", "Hot och våld", "Misshandel", "Hot", "Våld", "HOT OCH VÅLD"],
    D: ["Narkotika", "Narkotika", "Narkotikabrott", "narkotikabrott"],
    I: ["Inbrott", "Inbrott", "Stöld/inbrott", "Stöld", "Inbrottsförsök"],
    R: ["Orosanmälan", "Orosanmälan", "orosanmälan"],
    L: ["Larm"],
}
SJOBYHEM_NAMES = {
    S: ["Skadegörelse"] * 4 + ["Vandalism"],
    K: ["Klotter"],
    N: ["Nedskräpning", "Nedskräpning", "Skräp"],
    I: ["Inbrott", "Inbrott", "Stöld/inbrott"],
    L: ["Larm"],
    B: ["Brand"],
    O: ["Störning", "Ordningsstörning"],
    T: ["Otrygg plats"],
    G: ["Samling"],
}

# (text, place types or None, sources or None)
DESCRIPTIONS = {
    S: [
        ("Sönderslagen papperskorg", None, None),
        ("Skadad parkbänk", ("park", "path", "centre", "beach"), None),
        ("Nedrivna skyltar", None, None),
        ("Sparkad dörr, skadat lås", None, None),
        ("Krossad belysningsarmatur", None, None),
        ("Skadat cykelställ", None, None),
        ("Sönderslagen ruta", None, None),
        ("Krossad ruta i väntkur", ("station", "centre"), None),
        ("Skadad biljettautomat", ("station",), None),
        ("Glasruta i väntsalen sparkad sönder", ("station",), None),
        ("Skadad informationstavla", ("station",), None),
        ("Krossad ruta i trapphusdörr", ("housing",), None),
        ("Sönderslagen tvättstugedörr", ("housing",), None),
        ("Skadad porttelefon", ("housing",), None),
        ("Repad hissdörr", ("housing",), None),
        ("Uppbrutna brevlådor", ("housing",), None),
        ("Trasig källardörr", ("housing",), ("sjobyhem",)),
        ("Krossad fönsterruta mot skolgården", ("school",), None),
        ("Skadad lekutrustning", ("school", "park"), None),
        ("Trasigt staket vid skolgården", ("school",), None),
        ("Avbrutna unga träd", ("park", "path"), None),
        ("Nedriven planteringslåda", ("park", "centre", "shop"), None),
        ("Skadad brygga", ("harbour", "beach"), None),
        ("Omklädningshytt skadad", ("beach",), None),
        ("Livboj borttagen", ("beach", "harbour", "path", "bridge"), None),
        ("Skadat staket", ("industry", "recycling", "ruin", "sport"), None),
        ("Krossade rutor i tom lokal", ("industry", "ruin"), None),
        ("Sönderslagen sidoruta på bil", ("parking",), None),
        ("Skadad läktarbänk", ("sport",), None),
        ("Krossad ruta i entré", ("library", "youth", "shop"), None),
        ("Äggkastning mot fasad", None, None),
        ("Skadad papperskorg, väktare på plats", None, ("kommunen",)),
    ],
    K: [
        ("Klotter på fasad, ca {m2} m²", None, None),
        ("Tags på elskåp", None, None),
        ("Klotter på skyltar", None, None),
        ("Klotter på busskur", ("station", "centre", "suburb", "shop"), None),
        ("Klotter i gångtunnel", ("suburb", "path", "housing"), None),
        ("Klotter i trapphus", ("housing",), None),
        ("Klotter på soprum", ("housing",), None),
        ("Klotter på skolans gavel", ("school",), None),
        ("Klotter på brofundament", ("bridge", "path"), None),
        ("Klotter på container", ("industry", "recycling", "ruin"), None),
        ("Klotter med kränkande text, sanerat samma dag", None, None),
        ("Tags på lyktstolpar", None, None),
        ("Klotter på bänkar och papperskorgar", ("park", "centre", "beach", "path"), None),
        ("Klotter på garageport", ("housing",), None),
        ("Klotter på fönster i väntsalen", ("station",), None),
    ],
    B: [
        ("Brand i papperskorg", None, None),
        ("Brand i container", None, None),
        ("Brand i soprum, släckt av boende", ("housing",), None),
        ("Mindre gräsbrand", ("park", "sport", "beach", "ruin", "path"), None),
        ("Brand i övergiven bil", ("industry", "parking"), None),
        ("Eldning på stranden trots förbud", ("beach", "path"), None),
        ("Brand i buskage", None, None),
        ("Brand i gammal byggnad", ("ruin",), None),
        ("Anlagd brand i förråd", ("housing", "school", "sport"), None),
        ("Brand i tidningar i trapphus", ("housing",), None),
        ("Smällare i brevinkast", ("housing", "school"), None),
        ("Brand i återvinningskärl", ("recycling", "centre", "suburb"), None),
    ],
    N: [
        ("Mycket skräp efter helgen", None, None),
        ("Fimpar och burkar vid bänkar", None, None),
        ("Nedskräpning efter kvällssamling", None, None),
        ("Grovsopor dumpade", None, None),
        ("Glaskross på gångväg", None, None),
        ("Engångsgrillar lämnade", ("beach", "path", "park", "harbour"), None),
        ("Överfulla papperskorgar", ("beach", "park", "centre", "path", "station"), None),
        ("Dumpade däck", ("industry", "recycling", "ruin"), None),
        ("Avfall dumpat utanför grinden", ("recycling",), None),
        ("Sopsäckar utanför soprum", ("housing",), None),
        ("Möbler ställda i källargång", ("housing",), ("sjobyhem",)),
        ("Lustgaspatroner på marken", None, None),
        ("Fyrverkeriskräp", None, None),
        ("Skräp och flaskor på läktaren", ("sport",), None),
    ],
    O: [
        ("Högljudd grupp, störde boende", None, None),
        ("Bråk mellan ungdomar, skingrades", None, None),
        ("Berusad person, omhändertagen", None, ("polisen",)),
        ("Hög musik sent på kvällen", None, None),
        ("Fyrverkerier i bostadsområde", ("housing", "suburb"), None),
        ("Mopeder kör på gångväg", None, None),
        ("Störning i trapphus", ("housing",), None),
        ("Fest i lägenhet, grannar klagar", ("housing",), ("sjobyhem", "polisen")),
        ("Bråk utanför restaurang", ("centre",), None),
        ("Stökigt vid entrén", ("library", "youth", "shop"), None),
        ("Föremål kastade mot buss", ("station",), None),
        ("Ungdomar klättrar på taket", ("school", "sport"), None),
        ("Raketer avfyrade mot personer", None, None),
        ("Bilar kör ikapp kvällstid", ("industry", "parking"), None),
        ("Bråk på bryggan", ("beach", "harbour"), None),
    ],
    G: [
        ("Grupp ungdomar, ca {n} pers, stökigt", None, None),
        ("Samling ca {n} pers, otryggt för förbipasserande", None, None),
        ("Grupp vuxna med alkohol, ca {n} pers", None, None),
        ("Ungdomar samlas i väntsalen, ca {n} pers", ("station",), None),
        ("Samling med mopeder, ca {n} pers", None, None),
        ("Ungdomar i trapphus, boende känner oro", ("housing",), None),
        ("Samling vid grillplatsen, ca {n} pers", ("beach", "park", "path"), None),
        ("Fältassistenter samtalade med grupp om ca {n} pers", None, ("kommunen",)),
        ("Fältassistenter på plats, lugnt efter samtal", None, ("kommunen",)),
        ("Grupp ungdomar, ca {n} pers, avvisade av polis", None, ("polisen",)),
        ("Bilträff, ca {n} bilar, hög ljudnivå", ("industry", "parking"), None),
        ("Samling på skolgården kvällstid, ca {n} pers", ("school",), None),
    ],
    H: [
        ("Hot mot personal", None, None),
        ("Misshandel utomhus", None, ("polisen",)),
        ("Knuffar och slag mellan två personer", None, None),
        ("Hotfullt beteende mot förbipasserande", None, None),
        ("Hot mot busschaufför", ("station",), None),
        ("Personal hotad vid entrén", ("library", "youth", "shop"), None),
        ("Bråk som övergick i slagsmål", None, None),
        ("Rånförsök, inget tillgripet", None, ("polisen",)),
        ("Hot mellan grannar", ("housing",), None),
    ],
    D: [
        ("Misstänkt narkotikaförsäljning", None, None),
        ("Beslag av mindre mängd", None, ("polisen",)),
        ("Lukt av cannabis, grupp", None, None),
        ("Kanyler funna, omhändertagna", ("park", "path", "ruin", "station"), None),
        ("Misstänkt påverkad person", None, None),
        ("Tips om langning", None, None),
    ],
    I: [
        ("Inbrott i källarförråd", ("housing",), None),
        ("Inbrott i bil", ("parking", "station", "housing", "centre", "sport"), None),
        ("Cykelstöld från ställ", ("station", "centre", "library", "school", "housing"), None),
        ("Inbrott i kiosk", ("centre", "station", "beach"), None),
        ("Försök till inbrott, bruten dörr", None, None),
        ("Inbrott i båt, motor stulen", ("harbour",), None),
        ("Stöld av verktyg från bygge", ("industry",), None),
        ("Inbrott i skola, datorer", ("school",), None),
        ("Inbrott i förråd, idrottsmateriel", ("sport",), None),
        ("Butiksinbrott nattetid", ("shop",), None),
        ("Stöld av metall", ("recycling", "industry", "ruin"), None),
        ("Inbrott i lägenhet", ("housing",), ("polisen",)),
        ("Stöld av katalysator", ("parking", "industry"), None),
        ("Inbrott i cykelrum", ("housing",), ("sjobyhem",)),
    ],
    L: [
        ("Inbrottslarm, inget fynd", None, None),
        ("Brandlarm utlöst, ingen brand", None, None),
        ("Larm via väktare, dörr öppen", None, None),
        ("Rörelselarm kvällstid, ungdomar på taket", ("school", "sport"), None),
        ("Larm från tvättstuga", ("housing",), None),
        ("Sabotage mot larmdosa", None, None),
        ("Larm, fönster uppbrutet", None, None),
        ("Brandlarm, rökning i trapphus", ("housing",), None),
    ],
    R: [
        ("Orosanmälan till socialtjänsten", None, None),
        ("Ung person ute sent, orosanmälan gjord", None, None),
        ("Orosanmälan efter samtal med elev", ("school",), None),
        ("Minderårig påverkad, orosanmälan", None, None),
        ("Orosanmälan via fältassistenter", None, ("kommunen",)),
        ("Orosanmälan efter händelse på fritidsgården", ("youth",), None),
        ("Orosanmälan, barn i otrygg miljö", ("housing",), None),
    ],
    T: [
        ("Trasig belysning, upplevs otryggt", None, None),
        ("Mörk gångväg, synpunkt från medborgare", None, None),
        ("Buskage skymmer sikten", None, None),
        ("Otryggt vid entrén kvällstid", None, None),
        ("Upplevd otrygghet vid hållplatsen", ("station", "centre", "suburb"), None),
        ("Otryggt i gångtunneln", ("suburb", "path", "housing"), None),
        ("Ensam väg hem, saknar belysning", ("path", "bridge", "parking", "industry"), None),
        ("Boende upplever otrygghet på gården", ("housing",), None),
        ("Synpunkt via felanmälan: otryggt kvällstid", None, ("kommunen",)),
    ],
}

MULTI = {  # kommunen rows that count several events
    K: ["Klotter på {c} platser, ronderingen", "Tags på {c} elskåp", "Klotter på {c} fasader",
        "Klotter på {c} skyltar och stolpar"],
    N: ["Nedskräpning på {c} platser, ronderingen", "{c} överfulla papperskorgar",
        "Dumpat avfall på {c} ställen"],
    S: ["{c} papperskorgar sönderslagna", "{c} skyltar nedrivna"],
}

EMPTY_TIME = {
    "polisen": {I: .25, K: .3, "*": .04},
    "kommunen": {K: .35, N: .4, "*": .1},
    "sjobyhem": {I: .4, K: .3, N: .3, "*": .08},
}


def poisson(rng, lam):
    if lam <= 0:
        return 0
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def pick_hour(rng, profile):
    cum = HOUR_CUM[profile]
    x = rng.random() * cum[-1]
    for h, c in enumerate(cum):
        if x < c:
            return h
    return 23


def describe(rng, src, cat, pid):
    types = place_types(pid)
    cands, weights = [], []
    for text, ptypes, srcs in DESCRIPTIONS[cat]:
        if srcs is not None and src not in srcs:
            continue
        if ptypes is None:
            cands.append(text)
            weights.append(1.0)
        elif any(t in ptypes for t in types):
            cands.append(text)
            weights.append(3.0)
    text = rng.choices(cands, weights)[0]
    return text.format(n=rng.randint(5, 25), m2=rng.choice([1, 2, 2, 3, 4, 5, 6, 8, 10]))


def place_text(rng, src, pid):
    names = [PLACE_NAME[pid]]
    if src == "polisen":
        names = names * 3 + PLACE_ALIASES[pid]
    elif src == "sjobyhem":
        names = names * 4 + PLACE_ALIASES[pid][:1]
    return rng.choice(names)


def generate_incidents():
    rng = random.Random(20240101)
    plans = []  # (src, cat, profile, pid, weight)
    for src in SOURCES:
        allowed = source_places(src)
        for cat, rate, comps in BASE[src]:
            ws = {p: AFFINITY[p].get(cat, 0) * allowed.get(p, 0) for p in PLACE_IDS}
            tot = sum(ws.values())
            for profile, share in comps:
                for p in PLACE_IDS:
                    if ws[p] > 0:
                        plans.append((src, cat, profile, p, rate * share * ws[p] / tot))
    events = []  # dicts
    day = START - DAY
    while day <= END:
        noise = rng.lognormvariate(0, 0.22)
        off = school_holiday_kind(day)
        mon = day.month - 1
        wd = day.weekday()
        for src, cat, profile, pid, w in plans:
            lam = (w * noise * SEASON[cat][mon] * DOW[profile][wd] * special(cat, day)
                   * place_mod(cat, pid, day, off))
            k = poisson(rng, lam)
            if not k:
                continue
            merge = src == "kommunen" and cat in (K, N) and profile == "office"
            for j in range(1 if merge else k):
                prof = profile
                if (day.month, day.day) == (12, 31) and cat in (B, O) and profile != "office":
                    prof = "newyear"
                hour = pick_hour(rng, prof)
                minute = rng.randrange(0, 60, 5 if src != "polisen" else 1)
                date = day
                if hour < 5 and prof in ("evening", "night", "newyear"):
                    date = day + DAY
                if not (START <= date <= END):
                    continue
                count = k if merge else 1
                if src == "kommunen" and cat in (K, N, S) and count == 1 and rng.random() < (
                        .14 if cat != S else .03):
                    count = rng.randint(2, 5)
                if src == "sjobyhem" and cat == K and rng.random() < .06:
                    count = rng.randint(2, 3)
                count = min(count, 6)
                empty = EMPTY_TIME[src].get(cat, EMPTY_TIME[src]["*"])
                time = "" if rng.random() < empty else f"{hour:02d}:{minute:02d}"
                if count > 1 and cat in MULTI and src == "kommunen":
                    desc = rng.choice(MULTI[cat]).format(c=count)
                elif count > 1:
                    desc = describe(rng, src, cat, pid) + f" ({count} st)"
                else:
                    desc = describe(rng, src, cat, pid)
                if src == "polisen":
                    cat_text = rng.choice(POLICE_NAMES[cat])
                elif src == "sjobyhem":
                    cat_text = rng.choice(SJOBYHEM_NAMES[cat])
                else:
                    cat_text = cat
                events.append({
                    "src": src, "date": date, "time": time, "cat": cat, "place": pid,
                    "count": count, "desc": desc, "cat_text": cat_text,
                    "place_text": place_text(rng, src, pid),
                })
        day += DAY
    events.sort(key=lambda e: (e["src"], e["date"], e["time"] or "99", CAT_IDS.index(e["cat"]),
                               PLACE_IDS.index(e["place"]), e["desc"]))
    # no two identical rows within a source (the reader warns about those)
    seen = set()
    for e in events:
        while True:
            key = (e["src"], e["date"], e["time"], e["cat_text"], e["place_text"], e["count"],
                   e["desc"])
            if key not in seen:
                seen.add(key)
                break
            h = rng.randrange(7, 22)
            e["time"] = f"{h:02d}:{rng.randrange(0, 60, 5):02d}"
    events.sort(key=lambda e: (e["src"], e["date"], e["time"] or "99", CAT_IDS.index(e["cat"]),
                               PLACE_IDS.index(e["place"]), e["desc"]))
    return events


def incident_files(events):
    files = {}
    by = defaultdict(list)
    for e in events:
        by[(e["src"], e["date"].year)].append(e)
    for (src, year), rows in sorted(by.items()):
        buf = io.StringIO()
        if src == "polisen":
            w = csv.writer(buf, delimiter=",", lineterminator="\n")
            w.writerow(["Datum", "Tid", "Händelsetyp", "Plats", "Beskrivning"])
            for e in rows:
                w.writerow([e["date"].isoformat(), e["time"], e["cat_text"], e["place_text"],
                            e["desc"]])
        elif src == "kommunen":
            w = csv.writer(buf, delimiter=";", lineterminator="\n")
            w.writerow(["Datum", "Klockslag", "Kategori", "Plats", "Antal", "Beskrivning"])
            for e in rows:
                w.writerow([e["date"].isoformat(), e["time"], e["cat_text"], e["place_text"],
                            e["count"], e["desc"]])
        else:
            # Sjöbyhem's caretakers log a position with the phone: near the
            # place, a few tens of metres off (a separate generator, so the
            # rows themselves stay as they were).
            jitter = random.Random(f"sjobyhem-{year}")
            place_at = {p[0]: (p[3], p[4]) for p in PLACES}
            w = csv.writer(buf, delimiter=",", lineterminator="\n")
            w.writerow(["date", "time", "category", "place", "organisation", "count",
                        "description", "latitude", "longitude"])
            for e in rows:
                lat, lon = place_at[e["place"]]
                lat += jitter.uniform(-0.0006, 0.0006)
                lon += jitter.uniform(-0.0010, 0.0010)
                w.writerow([e["date"].isoformat(), e["time"], e["cat_text"], e["place_text"],
                            "Sjöbyhem", e["count"], e["desc"], f"{lat:.5f}", f"{lon:.5f}"])
        files[f"content/incidents/{src}/{year}.csv"] = buf.getvalue()
    return files


# ---------------------------------------------------------------------------
# TOML helpers
# ---------------------------------------------------------------------------


def q(s):
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{out}"'


def qlist(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


# ---------------------------------------------------------------------------
# Areas, reference statistics, surveys
# ---------------------------------------------------------------------------

POPULATION = 14200

# (name, outer ring as (lat, lon) corners, holes)
AREAS = [
    ("Centrum", [(59.7560, 13.1700), (59.7560, 13.1900), (59.7640, 13.1900), (59.7640, 13.1700)], []),
    ("Norra", [(59.7640, 13.1650), (59.7640, 13.1900), (59.7830, 13.1900), (59.7830, 13.1650)], []),
    ("Södra", [(59.7400, 13.1650), (59.7400, 13.1900), (59.7560, 13.1900), (59.7560, 13.1700),
               (59.7540, 13.1650)], []),
    ("Älvstranden", [(59.7500, 13.1900), (59.7500, 13.2120), (59.7700, 13.2080),
                     (59.7700, 13.1900)], []),
    ("Industriområdet", [(59.7580, 13.1330), (59.7580, 13.1600), (59.7720, 13.1600),
                         (59.7720, 13.1330)],
     # Sågdammen, a pond inside the industrial area, belongs to no area.
     [[(59.7640, 13.1420), (59.7640, 13.1450), (59.7660, 13.1450), (59.7660, 13.1420)]]),
]


def areas_geojson():
    def ring(points):
        pts = [[lon, lat] for lat, lon in points] + [[points[0][1], points[0][0]]]
        return "[" + ", ".join(f"[{x:.4f}, {y:.4f}]" for x, y in pts) + "]"
    feats = []
    for name, outer, holes in AREAS:
        rings = ", ".join(ring(r) for r in [outer] + holes)
        feats.append('    {"type": "Feature", "properties": {"name": %s}, '
                     '"geometry": {"type": "Polygon", "coordinates": [%s]}}' % (q(name), rings))
    return ('{"type": "FeatureCollection",\n "name": "Sjöby kommun, områden (påhittade)",\n'
            ' "features": [\n' + ",\n".join(feats) + "\n ]}\n")


# Reported crimes per year in the invented municipality, in Brå's format.
BRA_YEARS = {2022: (1180, 160, 470, 120, 190, 70), 2023: (1235, 171, 488, 131, 204, 66),
             2024: (1262, 178, 472, 142, 221, 74), 2025: (1198, 169, 451, 118, 236, 81)}
BRA_QUARTERS = {"2024K1": 281, "2024K2": 318, "2024K3": 357, "2024K4": 306,
                "2025K1": 270, "2025K2": 301, "2025K3": 338, "2025K4": 289,
                "2026K1": 262, "2026K2": 309, "2026K3": 341}
BRA_KEYS = ["total", "person", "theft", "burglary", "vandalism", "drugs_weapons"]


def bra_csv():
    out = ["kommun;period;key;count;per100k;preliminary"]
    for year, counts in sorted(BRA_YEARS.items()):
        for key, n in sorted(zip(BRA_KEYS, counts)):
            out.append(f"9999;{year};{key};{n};{n * 100000 / POPULATION:.1f};")
    for period, n in sorted(BRA_QUARTERS.items()):
        prel = "1" if period.startswith("2026") else ""
        out.append(f"9999;{period};total;{n};{n * 100000 / POPULATION:.1f};{prel}")
    return "\n".join(out) + "\n"


# SCB's medborgarundersökning: "Trygg utomhus när det är mörkt", index 0–100.
SCB_DARK = {2019: (58.4, 51.0, 66.1, 512), 2020: (57.6, 50.2, 65.3, 498),
            2021: (56.9, 49.4, 64.8, 541), 2022: (55.2, 47.5, 63.4, 530),
            2023: (54.1, 46.0, 62.7, 509), 2024: (55.0, 47.1, 63.2, 527),
            2025: (57.3, 50.0, 64.9, 515)}
# The police's trygghetsmätning: problemindex 0–6 (lower is better).
POLICE_INDEX = {2021: (1.9, 2.4, 1.7, 1.8), 2022: (2.0, 2.6, 1.8, 1.9),
                2023: (2.1, 2.7, 1.9, 2.0), 2024: (2.1, 2.6, 2.0, 1.9),
                2025: (1.9, 2.2, 2.0, 1.8)}


def surveys_csv():
    scb = ["indikator;år;grupp;värde;n;källa;skala"]
    src = "SCB:s medborgarundersökning (påhittade värden)"
    for year, (alla, kv, man, n) in sorted(SCB_DARK.items()):
        for group, v, k in (("Alla", alla, n), ("Kvinnor", kv, n // 2 + 9), ("Män", man, n // 2 - 9)):
            scb.append(f"Trygg utomhus när det är mörkt;{year};{group};{str(v).replace('.', ',')};"
                       f"{k};{src};index 0–100")
    pol = ["indikator;år;grupp;värde;n;källa;skala"]
    src = "Polisens trygghetsmätning (påhittade värden)"
    for year, values in sorted(POLICE_INDEX.items()):
        for group, v in zip(("Alla", "Centrum", "Södra", "Norra"), values):
            pol.append(f"Problemindex;{year};{group};{str(v).replace('.', ',')};;{src};"
                       "index 0–6, lägre är bättre")
    return {"content/surveys/medborgarundersokning.csv": "\n".join(scb) + "\n",
            "content/surveys/trygghetsmatning.csv": "\n".join(pol) + "\n"}


def places_toml():
    out = ["# Place register of the invented Sjöby kommun.",
           "# Generated by tools/generate_example.py.", ""]
    for pid, name, area, lat, lon, aliases, _ in PLACES:
        out += ["[[places]]", f"id = {q(pid)}", f"name = {q(name)}", f"area = {q(area)}",
                f"latitude = {lat:.4f}", f"longitude = {lon:.4f}"]
        if aliases:
            out.append(f"aliases = {qlist(aliases)}")
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Counting for the notes
# ---------------------------------------------------------------------------


class Stats:
    def __init__(self, events):
        self.by_day = defaultdict(list)  # date -> [(src, cat, place, count, hour|None)]
        for e in events:
            hour = int(e["time"][:2]) if e["time"] else None
            self.by_day[e["date"]].append((e["src"], e["cat"], e["place"], e["count"], hour))

    def rows(self, a, b):
        d = a
        while d <= b:
            for r in self.by_day.get(d, ()):
                yield d, r
            d += DAY

    def count(self, a, b, cat=None, place=None, src=None, cats=None):
        n = 0
        for _, (s, c, p, k, _h) in self.rows(a, b):
            if cat and c != cat or place and p != place or src and s != src:
                continue
            if cats and c not in cats:
                continue
            n += k
        return n

    def by(self, a, b, key, **filt):
        cnt = Counter()
        for d, (s, c, p, k, h) in self.rows(a, b):
            if filt.get("cat") and c != filt["cat"]:
                continue
            if filt.get("place") and p != filt["place"]:
                continue
            if filt.get("src") and s != filt["src"]:
                continue
            cnt[{"cat": c, "place": p, "src": s, "wd": d.weekday()}[key]] += k
        return cnt

    def hours(self, a, b):
        known = evening = night = 0
        for _, (s, c, p, k, h) in self.rows(a, b):
            if h is None:
                continue
            known += k
            if 18 <= h <= 23:
                evening += k
            elif h < 5:
                night += k
        return known, evening, night


def top(counter, n):
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


# ---------------------------------------------------------------------------
# Swedish text helpers
# ---------------------------------------------------------------------------

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
WEEKDAYS_DEF = ["måndagar", "tisdagar", "onsdagar", "torsdagar", "fredagar", "lördagar",
                "söndagar"]
STATUS_SV = {"planned": "planerad", "ongoing": "pågår", "done": "genomförd",
             "cancelled": "avbruten"}


def sv_date(d, year=False):
    s = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{s} {d.year}" if year else s


def sv_range(a, b):
    if a.year != b.year:
        return f"{sv_date(a, True)}–{sv_date(b, True)}"
    if a.month == b.month:
        return f"{a.day}–{b.day} {MONTHS[a.month - 1]}"
    return f"{sv_date(a)}–{sv_date(b)}"


def pct(a, b):
    if b == 0:
        return "–"
    v = round((a - b) * 100 / b)
    if v == 0:
        return "±0 %"
    return f"+{v} %" if v > 0 else f"−{-v} %"


def lc(cat):
    label = CAT_LABEL[cat]
    return label[0].lower() + label[1:]


def change_word(a, b):
    """How a compares with b, to be followed by "föregående period" etc."""
    if b == 0:
        return "högre än" if a else "i nivå med"
    r = a / b
    if r >= 1.3:
        return "klart högre än"
    if r >= 1.1:
        return "något högre än"
    if r > 0.9:
        return "i nivå med"
    if r > 0.7:
        return "något lägre än"
    return "klart lägre än"


NUMBERS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
           "elva", "tolv"]


def num(n):
    return NUMBERS[n] if n < len(NUMBERS) else str(n)


def listing(xs):
    xs = list(xs)
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + " och " + xs[-1]


# ---------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------


def thursday_series():
    dates = []
    d = dt.date(2024, 1, 11)
    while d <= END:
        real = d
        hol = public_holidays(d.year)
        while real in hol:
            real -= DAY
        dates.append((real, real != d))
        d += 14 * DAY
    return dates


def third_tuesday(year, month):
    d = dt.date(year, month, 15)
    while d.weekday() != 1:
        d += DAY
    return d


def strategic_dates():
    out = []
    for y in (2024, 2025, 2026):
        for m in (2, 4, 6, 8, 10, 12):
            d = third_tuesday(y, m)
            if d <= END:
                out.append(d)
    return out


COUNCIL_DATES = [D_(x) for x in ("2024-03-13", "2024-10-16", "2025-03-12", "2025-06-11",
                                   "2025-11-12", "2026-03-11", "2026-09-16")]
WALK_DATES = [D_(x) for x in ("2024-10-08", "2025-10-07", "2026-10-06")]

OWN_COORD = "Sjöby kommun, trygghetssamordnaren"
OWN_PARK = "Sjöby kommun, gatu- och parkenheten"
OWN_TECH = "Sjöby kommun, tekniska förvaltningen"
OWN_FRITID = "Sjöby kommun, fritidsförvaltningen"
OWN_FAST = "Sjöby kommun, fastighetsenheten"
OWN_SAFE = "Sjöby kommun, säkerhetsenheten"

# Actions: first mention (group, date on or after) and fields; ids are given
# in order of first mention, per year: A-YYYY-NN.
ACTIONS = [
    dict(key="rc-kartlaggning", group="council", on="2024-03-13",
         what="Kartlägga samlingar och skadegörelse kring Resecentrum (tider, platser, aktörer)",
         place="resecentrum", category=G, owner=OWN_COORD, due="2024-05-31", status="planned"),
    dict(key="lagesbild-rutin", group="council", on="2024-03-13",
         what="Rutin för gemensam lägesbild varannan vecka med Polisen, kommunen och Sjöbyhem",
         owner=OWN_COORD, due="2024-04-30", status="ongoing"),
    dict(key="sommarstad-2024", group="strategic", on="2024-04-16",
         what="Extra städrundor helgmorgnar vid Badplatsen och Älvpromenaden under sommaren",
         place="badplatsen", category=N, owner=OWN_PARK, due="2024-08-31", status="planned",
         public=True),
    dict(key="klotter-48h", group="strategic", on="2024-04-16",
         what="Klottersanering inom 48 timmar på kommunens fastigheter i centrum",
         category=K, owner=OWN_TECH, due="2024-12-31", status="ongoing"),
    dict(key="norrskolan-vakt", group="strategic", on="2024-06-18",
         what="Utökad väktarrond vid Norrskolan under sommarlovet",
         place="norrskolan", category=S, owner=OWN_FAST, due="2024-08-18", status="planned"),
    dict(key="grannsamverkan-bg", group="operative", on="2024-08-22",
         what="Starta grannsamverkan mot inbrott i Björkgården",
         place="bjorkgarden", category=I, owner="Sjöbyhem och Polisen", due="2024-12-31",
         status="planned",
         target_places=["bjorkgarden"], target_categories=[I]),
    dict(key="sc-tunnel-ljus", group="trygghetsvandring", on="2024-10-08",
         what="Byta trasig belysning i gångtunneln vid Södra centrum",
         place="sodra-centrum", category=T, owner=OWN_PARK, due="2024-11-30",
         status="planned",
         start="2024-11-20", target_places=["sodra-centrum"], target_categories=[T]),
    dict(key="alv-buskage", group="trygghetsvandring", on="2024-10-08",
         what="Beskära buskage längs Älvpromenaden",
         place="alvpromenaden", category=T, owner=OWN_PARK, due="2025-04-30",
         status="planned"),
    dict(key="rc-fordjupad", group="council", on="2024-10-16",
         what="Fördjupad kartläggning av Resecentrum som underlag för en åtgärdsplan",
         place="resecentrum", category=S, owner=OWN_COORD, due="2025-02-28",
         status="planned"),
    dict(key="nyar-2024", group="strategic", on="2024-12-17",
         what="Nyårsinsats: extra patrullering och räddningstjänst i centrum nyårsnatten",
         place="torget", category=B, owner="Polisen och Räddningstjänsten Sjöby",
         due="2025-01-01", status="planned"),
    dict(key="rc-belysning", group="council", on="2025-03-12",
         what="Ny belysning vid Resecentrums baksida och cykelparkering",
         place="resecentrum", category=T, owner=OWN_TECH, due="2025-05-31", status="planned",
         public=True,
         start="2025-05-15", target_places=["resecentrum"], target_categories=[G, S],
         compare_places=["sodra-centrum"]),
    dict(key="rc-falt", group="council", on="2025-03-12",
         what="Fältassistenter kvällstid vid Resecentrum fredag–lördag",
         place="resecentrum", category=G, owner=OWN_FRITID, due="2025-12-31",
         status="planned", public=True,
         target_places=["resecentrum"], target_categories=[G], compare_places=["sodra-centrum"]),
    dict(key="rc-kamera", group="council", on="2025-03-12",
         what="Kamerabevakning vid Resecentrum (tillstånd och installation)",
         place="resecentrum", category=S, owner=OWN_SAFE, due="2025-09-30", status="planned",
         public=True,
         start="2025-09-01", target_places=["resecentrum"], target_categories=[S, G]),
    dict(key="rc-utvardering", group="council", on="2025-03-12",
         what="Utvärdera insatserna vid Resecentrum mot jämförelseområdet Södra centrum",
         place="resecentrum", category=G, owner=OWN_COORD, due="2026-03-31",
         status="planned"),
    dict(key="rc-vantsal", group="strategic", on="2025-04-15",
         what="Samråd med kollektivtrafiken om väntsalens öppettider och städning",
         place="resecentrum", owner="Sjöby kommun, kollektivtrafikenheten", due="2025-06-30",
         status="planned"),
    dict(key="bad-sommar-2025", group="council", on="2025-06-11",
         what="Sommarinsats vid Badplatsen: fler sopkärl, tömning helger och fältassistenter",
         place="badplatsen", category=N, owner=OWN_PARK, due="2025-08-31", status="planned",
         public=True,
         window_months=3, target_areas=["Älvstranden"],
         compare_areas=["Norra"]),
    dict(key="park-forflyttning", group="strategic", on="2025-08-19",
         what="Följa upp om samlingar flyttar från Resecentrum till Stadsparken",
         place="stadsparken", category=G, owner="Operativa gruppen", due="2025-12-31",
         status="ongoing"),
    dict(key="alv-belysning", group="trygghetsvandring", on="2025-10-07",
         what="Belysning på Älvpromenaden mellan Båthamnen och Älvbron",
         place="alvpromenaden", category=T, owner=OWN_PARK, due="2026-05-31",
         status="planned"),
    dict(key="sc-tunnel-rojning", group="trygghetsvandring", on="2025-10-07",
         what="Röjning och spegel vid gångtunneln i Södra centrum",
         place="sodra-centrum", category=T, owner="Sjöbyhem", due="2025-12-31",
         status="planned"),
    dict(key="nyar-2025", group="council", on="2025-11-12",
         what="Nyårsinsats 2025/26 i centrum och bostadsområdena",
         category=B, owner="Polisen, Räddningstjänsten Sjöby och Sjöbyhem", due="2026-01-01",
         status="planned"),
    dict(key="sc-klotterkartlaggning", group="strategic", on="2026-02-17",
         what="Kartlägga klottret i Södra centrum med foto och tidpunkt",
         place="sodra-centrum", category=K, owner="Sjöbyhem och Sjöby kommun",
         due="2026-04-30", status="planned"),
    dict(key="sc-24h", group="council", on="2026-03-11",
         what="Sanering av klotter inom 24 timmar i Södra centrum",
         place="sodra-centrum", category=K, owner="Sjöbyhem och " + OWN_TECH,
         due="2026-12-31", status="ongoing", public=True,
         target_places=["sodra-centrum"], target_categories=[K]),
    dict(key="ug-dialog", group="council", on="2026-03-11",
         what="Dialog med ungdomar på Ungdomsgården om klotter och trygghet",
         place="ungdomsgarden", category=K, owner=OWN_FRITID, due="2026-06-30",
         status="planned"),
    dict(key="ug-vagg", group="strategic", on="2026-04-21",
         what="Förstudie om en laglig graffitivägg vid Ungdomsgården",
         place="ungdomsgarden", category=K, owner=OWN_FRITID, due="2026-08-31",
         status="planned"),
    dict(key="sc-kamera", group="council", on="2026-09-16",
         what="Förstudie om kamerabevakning i Södra centrum",
         place="sodra-centrum", category=K, owner=OWN_SAFE, due="2027-03-31",
         status="planned"),
    dict(key="sc-vandring", group="council", on="2026-09-16",
         what="Trygghetsvandring i Södra centrum i oktober",
         place="sodra-centrum", category=T, owner=OWN_COORD, due="2026-10-31",
         status="planned"),
    dict(key="sc-passage-ljus", group="trygghetsvandring", on="2026-10-06",
         what="Belysning i passagen bakom Södra centrum",
         place="sodra-centrum", category=T, owner=OWN_PARK, due="2027-03-31",
         status="planned"),
    dict(key="sc-utvardering", group="strategic", on="2026-10-20",
         what="Utvärdera klotterinsatserna i Södra centrum",
         place="sodra-centrum", category=K, owner=OWN_COORD, due="2027-03-31",
         status="planned"),
]

# (key, group, on or after, status, comment)
UPDATES = [
    ("rc-kartlaggning", "strategic", "2024-04-16", "ongoing",
     "Kartläggningen är påbörjad med underlag från polis och fältassistenter."),
    ("lagesbild-rutin", "operative", "2024-05-01", "done",
     "Alla tre aktörer levererar sina filer före varje möte."),
    ("rc-kartlaggning", "strategic", "2024-06-18", "done",
     "Rapporten visar en tydlig koncentration till fredag och lördag kväll."),
    ("sommarstad-2024", "operative", "2024-06-15", "ongoing", None),
    ("sommarstad-2024", "strategic", "2024-08-20", "done",
     "Städrundorna genomfördes alla helger juni–augusti."),
    ("norrskolan-vakt", "strategic", "2024-08-20", "done", None),
    ("grannsamverkan-bg", "strategic", "2024-10-15", "ongoing",
     "Två informationsmöten för boende är genomförda."),
    ("sc-tunnel-ljus", "operative", "2024-11-20", "done", "Ny armatur på plats."),
    ("rc-fordjupad", "strategic", "2024-12-17", "ongoing", None),
    ("nyar-2024", "operative", "2025-01-02", "done",
     "Insatsen genomfördes enligt plan."),
    ("klotter-48h", "strategic", "2025-02-18", "done",
     "Rutinen är permanent och ingår i ordinarie drift."),
    ("rc-fordjupad", "strategic", "2025-02-18", "done",
     "Underlaget lämnas till trygghetsrådet i mars."),
    ("alv-buskage", "strategic", "2025-02-18", "ongoing", None),
    ("rc-belysning", "strategic", "2025-04-15", "ongoing", "Beställning lagd."),
    ("rc-falt", "strategic", "2025-04-15", "ongoing",
     "Fältassistenterna är på plats fredag och lördag kväll sedan början av april."),
    ("rc-kamera", "strategic", "2025-04-15", "ongoing", "Ansökan om tillstånd inskickad."),
    ("grannsamverkan-bg", "strategic", "2025-04-15", "done",
     "Grannsamverkan är etablerad i alla trappuppgångar."),
    ("alv-buskage", "operative", "2025-05-01", "done", None),
    ("rc-belysning", "operative", "2025-06-01", "done",
     "Belysningen är installerad och tänd."),
    ("rc-vantsal", "strategic", "2025-06-17", "done",
     "Väntsalen stänger kl. 22 och städas två gånger per kväll."),
    ("rc-kamera", "strategic", "2025-06-17", "ongoing", "Tillstånd beviljat."),
    ("bad-sommar-2025", "operative", "2025-06-20", "ongoing", None),
    ("bad-sommar-2025", "strategic", "2025-08-19", "done", None),
    ("rc-utvardering", "strategic", "2025-10-21", "ongoing",
     "Jämförelseperioderna är bestämda."),
    ("rc-kamera", "strategic", "2025-10-21", "done", "Kamerorna är i drift sedan september."),
    ("rc-falt", "council", "2025-11-12", "ongoing",
     "Fortsätter 2026 inom ordinarie budget."),
    ("sc-tunnel-rojning", "operative", "2025-12-01", "done", None),
    ("park-forflyttning", "strategic", "2025-12-16", "done",
     "Ingen bestående förflyttning till Stadsparken."),
    ("nyar-2025", "operative", "2026-01-02", "done", None),
    ("sc-klotterkartlaggning", "operative", "2026-03-01", "ongoing", None),
    ("rc-falt", "council", "2026-03-11", "done",
     "Ingår nu i fältassistenternas ordinarie schema."),
    ("rc-utvardering", "council", "2026-03-11", "done", "Utvärderingen redovisad för rådet."),
    ("sc-klotterkartlaggning", "strategic", "2026-04-21", "done",
     "Merparten av klottret tillkommer natt mot lördag och söndag."),
    ("ug-dialog", "strategic", "2026-04-21", "ongoing", None),
    ("alv-belysning", "strategic", "2026-04-21", "ongoing", "Arbetet är upphandlat."),
    ("alv-belysning", "operative", "2026-06-01", "done", None),
    ("sc-24h", "strategic", "2026-06-16", "ongoing",
     "Saneringstiden är i snitt drygt ett dygn; målet nås inte alltid."),
    ("ug-dialog", "strategic", "2026-06-16", "done", None),
    ("ug-vagg", "strategic", "2026-06-16", "ongoing", None),
    ("ug-vagg", "strategic", "2026-08-18", "cancelled",
     "Ingen lämplig vägg hittades; frågan tas upp igen 2027."),
    ("sc-24h", "council", "2026-09-16", "ongoing", "Fortsätter; klottret ökar fortfarande."),
    ("sc-vandring", "trygghetsvandring", "2026-10-06", "done", None),
]

PUBLIC_NOTES = {  # (group, date on or after) -> public summary
    ("operative", "2025-01-02"):
        "Nyårshelgen i Sjöby: polis, räddningstjänst och kommunen fanns på plats i centrum. "
        "Antalet bränder och störningar under nyårsnatten jämförs med förra året i "
        "rapporten för perioden.",
    ("council", "2025-03-12"):
        "Trygghetsrådet beslutade om en åtgärdsplan för Resecentrum: ny belysning, "
        "fältassistenter fredag och lördag kväll och kamerabevakning. Insatserna ska "
        "utvärderas våren 2026.",
    ("operative", "2025-06-20"):
        "Sommaren vid Älvstranden: kommunen har ställt ut fler sopkärl vid Badplatsen och "
        "tömmer dem även på helger. Fältassistenter rör sig i området kvällstid.",
    ("council", "2026-03-11"):
        "Utvärderingen av insatserna vid Resecentrum visar färre samlingar och mindre "
        "skadegörelse än före insatserna, medan jämförelseområdet inte visade någon "
        "minskning. Rådet "
        "pekade ut klotter i Södra centrum som nytt fokusområde.",
    ("trygghetsvandring", "2024-10-08"):
        "Trygghetsvandring i Södra centrum och längs Älvpromenaden med boende, Sjöbyhem, "
        "kommunen och polisen. Synpunkterna gällde främst belysning och buskage.",
    ("trygghetsvandring", "2025-10-07"):
        "Trygghetsvandring vid Resecentrum, Älvpromenaden och Södra centrum. Deltagarna "
        "upplevde Resecentrum som tryggare än förra året; belysningen längs Älvpromenaden "
        "behöver förbättras.",
    ("trygghetsvandring", "2026-10-06"):
        "Trygghetsvandring i Södra centrum med fokus på klotter och belysning. "
        "Förslagen lämnas till trygghetsrådet.",
}
# Notes whose body is published as written. None: the council note of
# 2026-03-11 names places (with their counts) and internal actions, which
# a public body must not (lagesbild warns).
PUBLIC_BODY = set()


class Note:
    def __init__(self, date, group, moved=False):
        self.date = date
        self.group = group
        self.moved = moved
        self.actions = []  # front-matter action dicts
        self.public_summary = None
        self.public_body = False

    @property
    def slug(self):
        suffix = {"operative": "operativ", "strategic": "strategisk", "council": "radet",
                  "trygghetsvandring": "trygghetsvandring"}[self.group]
        return f"{self.date.isoformat()}-{suffix}"


def build_schedule():
    notes = [Note(d, "operative", moved) for d, moved in thursday_series()]
    notes += [Note(d, "strategic") for d in strategic_dates()]
    notes += [Note(d, "council") for d in COUNCIL_DATES]
    notes += [Note(d, "trygghetsvandring") for d in WALK_DATES]
    order = {"council": 0, "strategic": 1, "trygghetsvandring": 2, "operative": 3}
    notes.sort(key=lambda n: (n.date, order[n.group]))
    return notes


def resolve(notes, group, on):
    on = D_(on)
    for n in notes:
        if n.group == group and n.date >= on:
            return n
    raise SystemExit(f"no {group} note on or after {on}")


# An action's dates, target and comparison (see README, "Meeting notes"):
# the site computes its effect from them.
SCOPE_KEYS = ("start", "end", "target_places", "target_areas", "target_categories",
              "compare_places", "compare_areas", "window_months")


def attach_actions(notes):
    per_year = Counter()
    first = []
    for a in ACTIONS:
        n = resolve(notes, a["group"], a["on"])
        first.append((n.date, ACTIONS.index(a), a, n))
    ids = {}
    for date, _, a, n in sorted(first, key=lambda t: (t[0], t[1])):
        per_year[date.year] += 1
        ids[a["key"]] = f"A-{date.year}-{per_year[date.year]:02d}"
        entry = {"id": ids[a["key"]], "what": a["what"]}
        for k in ("place", "category", "owner"):
            if a.get(k):
                entry[k] = a[k]
        entry["due"] = D_(a["due"])
        entry["status"] = a["status"]
        if a.get("public"):
            entry["public"] = True
        for k in SCOPE_KEYS:
            if k in a:
                entry[k] = a[k]
        entry["_key"] = a["key"]
        entry["_new"] = True
        n.actions.append(entry)
    for key, group, on, status, comment in UPDATES:
        n = resolve(notes, group, on)
        entry = {"id": ids[key], "status": status, "_key": key, "_new": False}
        if comment:
            entry["comment"] = comment
        if any(e["id"] == entry["id"] for e in n.actions):
            raise SystemExit(f"{entry['id']} twice in {n.slug}")
        n.actions.append(entry)
    for (group, on), text in PUBLIC_NOTES.items():
        resolve(notes, group, on).public_summary = text
    for group, on in PUBLIC_BODY:
        resolve(notes, group, on).public_body = True
    # status history must follow the notes' order
    return ids


def front_matter(n, title, attendees, summary, focus=None):
    out = ["+++", f"title = {q(title)}", f"date = {n.date.isoformat()}", f"group = {q(n.group)}",
           f"attendees = {qlist(attendees)}",
           f"public = {'true' if n.public_summary else 'false'}",
           f"summary = {q(summary)}"]
    if n.public_summary:
        out.append(f"public_summary = {q(n.public_summary)}")
    if n.public_body:
        out.append("public_body = true")
    if focus:
        out += ["", "[focus]", f"places = {qlist(focus[0])}", f"categories = {qlist(focus[1])}"]
    for a in n.actions:
        out += ["", "[[actions]]", f"id = {q(a['id'])}"]
        for k in ("what", "place", "category", "owner"):
            if k in a:
                out.append(f"{k} = {q(a[k])}")
        if "due" in a:
            out.append(f"due = {a['due'].isoformat()}")
        out.append(f"status = {q(a['status'])}")
        if a.get("public"):
            out.append("public = true")
        if "comment" in a:
            out.append(f"comment = {q(a['comment'])}")
        for k in SCOPE_KEYS:
            if k in ("start", "end") and k in a:
                out.append(f"{k} = {a[k]}")
            elif k == "window_months" and k in a:
                out.append(f"{k} = {a[k]}")
            elif k in a:
                out.append(f"{k} = {qlist(a[k])}")
    out.append("+++")
    return "\n".join(out) + "\n"


class Writer:
    """Builds the notes in date order, tracking the action register."""

    def __init__(self, stats, notes):
        self.st = stats
        self.notes = notes
        self.rng = random.Random(20240111)
        self.register = {}  # id -> dict(what, status, owner, ...)
        self.prev_operative = None

    # -- helpers ----------------------------------------------------------

    def apply_actions(self, n):
        lines = []
        for a in n.actions:
            if a["_new"]:
                self.register[a["id"]] = {k: v for k, v in a.items() if not k.startswith("_")}
                lines.append(("new", a))
            else:
                reg = self.register[a["id"]]
                reg["status"] = a["status"]
                lines.append(("update", a))
        return lines

    def open_actions(self):
        return [(i, r) for i, r in sorted(self.register.items())
                if r["status"] in ("planned", "ongoing")]

    def action_lines(self, lines):
        out = []
        for kind, a in lines:
            reg = self.register[a["id"]]
            if kind == "new":
                extra = f", ansvarig {reg['owner']}" if reg.get("owner") else ""
                due = f", klart senast {sv_date(reg['due'], True)}" if reg.get("due") else ""
                out.append(f"- **{a['id']}** (ny): {reg['what']}{extra}{due}. "
                           f"Status: {STATUS_SV[a['status']]}.")
            else:
                c = f" {a['comment']}" if a.get("comment") else ""
                out.append(f"- **{a['id']}** {reg['what']}: status "
                           f"*{STATUS_SV[a['status']]}*.{c}")
        return out

    def choose(self, xs):
        return self.rng.choice(xs)

    # -- operative ---------------------------------------------------------

    def operative(self, n):
        st, rng = self.st, self.rng
        end = n.date
        start = (self.prev_operative + DAY) if self.prev_operative else end - 13 * DAY
        data_start = max(start, START)
        length = (end - start).days + 1
        p_end, p_start = start - DAY, start - length * DAY
        ly_start, ly_end = start - 364 * DAY, end - 364 * DAY
        total = st.count(data_start, end)
        prev = st.count(max(p_start, START), p_end) if p_end >= START else None
        ly = st.count(ly_start, ly_end) if ly_start >= START else None
        cats = st.by(data_start, end, "cat")
        prev_cats = st.by(p_start, p_end, "cat") if prev is not None else Counter()
        places = st.by(data_start, end, "place")
        srcs = st.by(data_start, end, "src")
        wds = st.by(data_start, end, "wd")
        known, evening, night = st.hours(data_start, end)
        tc = top(cats, 4)
        tp = top(places, 4)
        hot_place, hot_n = tp[0]
        hot_cats = top(st.by(data_start, end, "cat", place=hot_place), 2)
        title = f"Operativ grupp {sv_date(n.date, True)}"
        attendees = ["Polisen", "Sjöby kommun", "Sjöbyhem"]
        if any(x in self.events_in(start, end) for x in ("nyår", "valborg", "midsommar")) \
                or rng.random() < 0.2:
            attendees.append("Räddningstjänsten Sjöby")
        period = sv_range(data_start, end)

        # summary ---------------------------------------------------------
        bits = [f"{total} registrerade händelser {period}"]
        if prev is not None:
            bits[0] += f" ({pct(total, prev)} mot föregående period)"
        bits.append(f"flest {lc(tc[0][0])} och {lc(tc[1][0])}")
        bits.append(f"mest belastad plats var {PLACE_NAME[hot_place]}")
        summary = ", ".join(bits[:2]) + "; " + bits[2] + "."
        remarks = self.remarks(start, end)
        if remarks:
            summary += " " + remarks[0][1]

        body = []
        if n.moved:
            body.append(f"*Mötet hölls på {WEEKDAYS[n.date.weekday()]} på grund av helgdag.*\n")
        opening = self.choose([
            "## Läget sedan förra mötet",
            f"## Lägesbild {period}",
            "## Perioden i korthet",
            "## Sammanfattning av perioden",
        ])
        body.append(opening + "\n")
        lst = [f"- Totalt **{total}** händelser från Polisen, Sjöby kommun och Sjöbyhem."]
        if prev is not None:
            lst.append(f"- Föregående period: {prev} ({pct(total, prev)}).")
        if ly is not None:
            lst.append(f"- Samma period förra året: {ly} ({pct(total, ly)}).")
        if not (prev is not None):
            lst.append("- Första perioden med gemensam lägesbild; jämförelser saknas.")
        body.append("\n".join(lst) + "\n")

        # categories ----------------------------------------------------------
        if rng.random() < 0.35 and prev is not None:
            body.append(self.choose(["## Kategorier", "## Händelser per kategori"]) + "\n")
            rows = ["| Kategori | Perioden | Föregående |", "| --- | ---: | ---: |"]
            for c, k in top(cats, 6):
                rows.append(f"| {CAT_LABEL[c]} | {k} | {prev_cats.get(c, 0)} |")
            body.append("\n".join(rows) + "\n")
        else:
            body.append(self.choose(["## Vad som hänt", "## Kategorier", "## Händelsetyper"])
                        + "\n")
            parts = [f"{lc(c)} ({k})" for c, k in tc[:3]]
            s = f"Vanligast var {listing(parts)}."
            c0, k0 = tc[0]
            if prev is not None:
                s += (f" Antalet i kategorin {lc(c0)} låg "
                      f"{change_word(k0, prev_cats.get(c0, 0))} föregående period "
                      f"({prev_cats.get(c0, 0)}).")
            body.append(s + "\n")

        # places --------------------------------------------------------------
        body.append(self.choose(["## Platser", "## Var", "## Platser att hålla ögonen på"])
                    + "\n")
        pl = []
        for p, k in tp[:3]:
            pc = top(st.by(data_start, end, "cat", place=p), 2)
            what = listing(lc(c) for c, _ in pc)
            pl.append(f"- **{PLACE_NAME[p]}**: {k} händelser, främst {what}.")
        body.append("\n".join(pl) + "\n")
        if hot_cats:
            prev_hot = st.count(p_start, p_end, place=hot_place) if prev is not None else None
            if prev_hot is not None:
                body.append(f"Vid {PLACE_NAME[hot_place]} låg antalet "
                            f"{change_word(hot_n, prev_hot)} föregående period "
                            f"({hot_n} mot {prev_hot}).\n")

        # times ---------------------------------------------------------------
        if known:
            body.append(self.choose(["## Tider", "## När", "## Tid på dygnet"]) + "\n")
            wd_top = top(wds, 2)
            s = (f"Av händelserna med känd tid inträffade {round(evening * 100 / known)} % "
                 f"kvällstid (18–24) och {round(night * 100 / known)} % nattetid (00–05). ")
            s += (f"Flest händelser föll på {WEEKDAYS_DEF[wd_top[0][0]]} och "
                  f"{WEEKDAYS_DEF[wd_top[1][0]]}.")
            body.append(s + "\n")

        # remarks -------------------------------------------------------------
        if remarks:
            body.append(self.choose(["## Iakttagelser", "## Särskilt den här perioden",
                                     "## Att notera"]) + "\n")
            body.append("\n".join(f"- {r}" for _, r in remarks) + "\n")

        # per actor -----------------------------------------------------------
        body.append(self.choose(["## Från aktörerna", "## Rapporter från aktörerna",
                                 "## Aktörernas bild"]) + "\n")
        al = []
        for src in SOURCES:
            k = srcs.get(src, 0)
            sc = top(st.by(data_start, end, "cat", src=src), 1)
            extra = f", mest {lc(sc[0][0])} ({sc[0][1]})" if sc else ""
            al.append(f"- {SOURCE_ORG[src]}: {k} händelser{extra}. "
                      f"{self.actor_comment(src, start, end)}")
        body.append("\n".join(al) + "\n")

        # actions -------------------------------------------------------------
        lines = self.apply_actions(n)
        opened = self.open_actions()
        body.append("## Åtgärder\n")
        al = self.action_lines(lines)
        if opened:
            al.append(f"- Öppna åtgärder i registret: {len(opened)} "
                      f"({listing(i for i, _ in opened[-4:])}"
                      f"{' med flera' if len(opened) > 4 else ''}).")
        else:
            al.append("- Inga öppna åtgärder i registret.")
        body.append("\n".join(al) + "\n")

        # next ----------------------------------------------------------------
        body.append(self.choose(["## Till nästa möte", "## Inför nästa möte", "## Uppdrag"])
                    + "\n")
        todo = self.todo(n, hot_place, tc[0][0])
        body.append("\n".join(f"- {t}" for t in todo) + "\n")

        if rng.random() < 0.12:
            body[-1] = body[-1].rstrip("\n") + "[^1]\n"
            body.append("[^1]: " + self.choose([
                "Sjöbyhems uppgifter för de sista dagarna kom in efter mötet och är inlagda "
                "i efterhand.",
                "Polisens siffror för helgen var preliminära vid mötet.",
                "Kommunens ronderingsrapport för veckan saknades vid mötet.",
                "Siffrorna avser händelser registrerade fram till mötesdagen.",
            ]) + "\n")

        self.prev_operative = n.date
        return title, attendees, summary, None, body

    def events_in(self, a, b):
        found = []
        for y in {a.year, b.year}:
            pts = {
                "nyår": dt.date(y, 12, 31), "nyårsdagen": dt.date(y, 1, 1),
                "valborg": dt.date(y, 4, 30), "midsommar": midsummer_eve(y),
                "skolavslutning": school_end(y), "skolstart": school_start(y),
                "halloween": dt.date(y, 10, 31),
                "höstlov": iso_week_day(y, 44, 1), "sportlov": iso_week_day(y, 9, 1),
            }
            for k, d in pts.items():
                if a <= d <= b:
                    found.append(k)
        return found

    def remarks(self, start, end):
        st = self.st
        a = max(start, START)
        out = []
        ev = self.events_in(start, end)
        if "nyår" in ev or "nyårsdagen" in ev:
            y = end.year if end.month == 1 else end.year + 1
            nye = (dt.date(y - 1, 12, 31), dt.date(y, 1, 1))
            if nye[0] >= START:
                b_ = st.count(*nye, cat=B)
                o_ = st.count(*nye, cat=O)
                s = (f"Nyårshelgen: {b_} bränder och {o_} ordningsstörningar under "
                     f"nyårsafton och nyårsdagen")
                lyb = st.count(nye[0] - 365 * DAY, nye[1] - 365 * DAY, cat=B)
                if nye[0] - 365 * DAY >= START:
                    s += f" (förra året {lyb} bränder)"
                out.append(("nyår", s + "."))
        if "valborg" in ev:
            d = dt.date(end.year, 4, 30)
            b_ = st.count(d, d + DAY, cat=B)
            o_ = st.count(d, d + DAY, cat=O)
            out.append(("valborg", f"Valborgsmässoafton gav {b_} bränder och {o_} "
                                   f"ordningsstörningar, främst kvällstid."))
        if "midsommar" in ev:
            d = midsummer_eve(end.year)
            o_ = st.count(d, d + DAY, cat=O) + st.count(d, d + DAY, cat=H)
            n_ = st.count(d + DAY, d + 2 * DAY, cat=N)
            out.append(("midsommar", f"Midsommarhelgen: {o_} ordningsstörningar och "
                                     f"våldshändelser, {n_} anmälningar om nedskräpning "
                                     f"dagen efter."))
        if "skolavslutning" in ev:
            out.append(("skolavslutning", "Skolavslutningen samlade många ungdomar i centrum "
                        "och vid Badplatsen på kvällen; polis och fältassistenter fanns på "
                        "plats."))
        if "skolstart" in ev:
            k = st.count(a, end, place="norrskolan")
            out.append(("skolstart", f"Skolorna har startat igen. Norrskolan: {k} händelser "
                                     f"under perioden."))
        if "höstlov" in ev:
            out.append(("höstlov", "Höstlovet: fritidsgården hade utökade öppettider."))
        if "sportlov" in ev:
            out.append(("sportlov", "Sportlovsveckan: lugnt vid skolorna, något fler larm "
                                    "kvällstid."))
        if "halloween" in ev:
            d = dt.date(end.year, 10, 31)
            s_ = st.count(d, d + DAY, cat=S)
            out.append(("halloween", f"Halloween: {s_} skadegörelser, bland annat "
                                     f"äggkastning mot fasader."))
        # summer along the river
        if 6 <= end.month <= 8:
            k = st.count(a, end, place="badplatsen")
            kn = st.count(a, end, place="badplatsen", cat=N)
            out.append(("sommar", f"Badplatsen: {k} händelser, varav {kn} nedskräpning. "
                        + self.choose(["Mycket folk de varma dagarna.",
                                       "Sopkärlen räcker inte till helgerna.",
                                       "Grillplatserna används flitigt kvällstid."])))
        # Resecentrum over time
        rc = st.count(a, end, place="resecentrum", cats=(G, S))
        rc_ly = st.count(start - 364 * DAY, end - 364 * DAY, place="resecentrum", cats=(G, S)) \
            if start - 364 * DAY >= START else None
        if D_("2024-09-01") <= end <= D_("2025-03-31"):
            s = (f"Resecentrum: {rc} samlingar och skadegörelser under perioden"
                 + (f" mot {rc_ly} samma period förra året" if rc_ly is not None else "")
                 + ". " + self.choose(["Ungdomarna samlas i väntsalen och vid cykelparkeringen.",
                                       "Problemen är störst fredag och lördag kväll.",
                                       "Personalen på bussarna upplever situationen som "
                                       "ansträngd."]))
            out.append(("rc", s))
        elif D_("2025-04-01") <= end <= D_("2025-09-30"):
            out.append(("rc", f"Resecentrum: {rc} samlingar och skadegörelser"
                        + (f" mot {rc_ly} samma period förra året" if rc_ly is not None else "")
                        + ". " + self.choose(["Fältassistenterna på plats fredag och lördag "
                                              "kväll.",
                                              "Lugnare kvällar sedan insatserna startade.",
                                              "Färre i väntsalen efter stängningsdags."])))
            park = st.count(a, end, place="stadsparken", cat=G)
            if park >= 3:
                out.append(("park", f"Stadsparken: {park} samlingar, vilket kan tyda på viss "
                                    f"förflyttning från Resecentrum."))
        elif end > D_("2025-09-30") and self.rng.random() < 0.35:
            out.append(("rc", f"Resecentrum fortsatt lugnare: {rc} samlingar och "
                              f"skadegörelser"
                        + (f" mot {rc_ly} samma period förra året" if rc_ly is not None else "")
                        + "."))
        # Södra centrum graffiti
        if end >= D_("2025-10-01"):
            k = st.count(a, end, place="sodra-centrum", cat=K)
            kly = st.count(start - 364 * DAY, end - 364 * DAY, place="sodra-centrum", cat=K)
            if k >= 4 and k > kly * 1.3:
                out.append(("sc", f"Klotter i Södra centrum: {k} mot {kly} samma period förra "
                                  f"året. " + self.choose([
                                      "Mest tags på elskåp och i gångtunneln.",
                                      "Sjöbyhem sanerar men nytt klotter kommer snabbt.",
                                      "Samma tags återkommer på flera ställen."])))
        return out

    def actor_comment(self, src, start, end):
        m = end.month
        pools = {
            "polisen": ["Patrullerat centrum fredag och lördag kväll.",
                        "Kommunpolisen har besökt skolorna.",
                        "Inga större händelser i övrigt.",
                        "Fokus på trafik och mopeder kvällstid.",
                        "Samverkan med fältassistenterna fungerar bra."],
            "kommunen": ["Fältassistenterna har varit ute tre kvällar i veckan.",
                         "Gatu- och parkenheten har sanerat klotter i centrum.",
                         "Felanmälningarna handlar mest om belysning.",
                         "Fritidsgården har haft välbesökta kvällar.",
                         "Ronderingen har hittat mindre skadegörelse än vanligt."],
            "sjobyhem": ["Bovärdarna rapporterar lugnt i trapphusen.",
                         "Klotter sanerat inom ett par dagar.",
                         "Flera klagomål på störningar kvällstid.",
                         "Nya lås monterade i källarförråden.",
                         "Grovsopor ställs fortfarande i källargångarna."],
        }
        xs = list(pools[src])
        if src == "kommunen" and 6 <= m <= 8:
            xs.append("Sommarjobbande ungdomar har städat längs Älvpromenaden.")
        if src == "polisen" and 6 <= m <= 8:
            xs.remove("Kommunpolisen har besökt skolorna.")
        if src == "polisen" and m in (11, 12, 1, 2):
            xs.append("Fler inbrott i förråd under den mörka perioden.")
        return self.rng.choice(xs)

    def todo(self, n, hot_place, top_cat):
        xs = [f"Polisen återkopplar om helgernas insatser vid {PLACE_NAME[hot_place]}.",
              f"Kommunen följer upp {lc(top_cat)} och rapporterar till nästa möte.",
              "Sjöbyhem skickar in sin fil senast tisdag före mötet.",
              "Fältassistenterna rapporterar från kvällspassen.",
              "Trygghetssamordnaren uppdaterar lägesbilden efter mötet."]
        nxt = [m for m in self.notes if m.date > n.date and m.group == "strategic"]
        if nxt and (nxt[0].date - n.date).days <= 14:
            xs.append("Sammanställa underlag till strategiska gruppen.")
        if n.date.month == 12:
            xs.append("Planera nyårsinsatsen med polis och räddningstjänst.")
        if n.date.month == 4:
            xs.append("Inför Valborg: samordna bemanning kvällstid.")
        if n.date.month == 5:
            xs.append("Planera sommarens insatser vid Badplatsen och Älvpromenaden.")
        if n.date.month == 8:
            xs.append("Inför skolstarten: kontakt med rektorerna på Norrskolan och "
                      "Lindskolan.")
        k = self.rng.randint(2, 3)
        return self.rng.sample(xs, k)

    # -- strategic -------------------------------------------------------

    def two_months_before(self, d):
        m2 = dt.date(d.year, d.month, 1) - DAY  # last day of previous month
        m1 = dt.date(m2.year, m2.month, 1) - DAY
        a = dt.date(m1.year, m1.month, 1)
        return a, m2

    def strategic(self, n):
        st = self.st
        a, b = self.two_months_before(n.date)
        a = max(a, START)
        ly_a, ly_b = a.replace(year=a.year - 1), b.replace(year=b.year - 1)
        has_ly = ly_a >= START
        total = st.count(a, b)
        ly = st.count(ly_a, ly_b) if has_ly else None
        cats = st.by(a, b, "cat")
        lcats = st.by(ly_a, ly_b, "cat") if has_ly else Counter()
        places = top(st.by(a, b, "place"), 3)
        if a.month == b.month:
            mon_span = f"{MONTHS[b.month - 1]} {b.year}"
        elif a.year != b.year:
            mon_span = f"{MONTHS[a.month - 1]} {a.year}–{MONTHS[b.month - 1]} {b.year}"
        else:
            mon_span = f"{MONTHS[a.month - 1]}–{MONTHS[b.month - 1]} {b.year}"
        title = f"Strategisk grupp {sv_date(n.date, True)}"
        attendees = ["Sjöby kommun", "Polisen", "Sjöbyhem", "Räddningstjänsten Sjöby"]
        lines = self.apply_actions(n)
        s = f"Lägesbild för {mon_span}: {total} händelser"
        if ly is not None:
            s += f" ({pct(total, ly)} mot samma period förra året)"
        s += f". Mest belastade platser var {listing(PLACE_NAME[p] for p, _ in places[:2])}."
        news = [x for k, x in lines if k == "new"]
        ups = [x for k, x in lines if k == "update"]
        if news and ups:
            s += (f" Gruppen beslutade om {num(len(news))} ny{'a' if len(news) > 1 else ''} "
                  f"åtgärd{'er' if len(news) > 1 else ''} och följde upp {num(len(ups))}.")
        elif news:
            s += (f" Gruppen beslutade om {num(len(news))} ny{'a' if len(news) > 1 else ''} "
                  f"åtgärd{'er' if len(news) > 1 else ''}.")
        elif ups:
            s += (f" Gruppen följde upp {num(len(ups))} "
                  f"åtgärd{'er' if len(ups) > 1 else ''}.")
        body = [f"## Lägesbild {mon_span}\n"]
        intro = f"Totalt {total} händelser"
        if ly is not None:
            intro += f", att jämföra med {ly} samma period förra året ({pct(total, ly)})"
        body.append(intro + ".\n")
        if has_ly:
            rows = ["| Kategori | " + mon_span + " | Förra året | Förändring |",
                    "| --- | ---: | ---: | ---: |"]
        else:
            rows = ["| Kategori | " + mon_span + " |", "| --- | ---: |"]
        for c in CAT_IDS:
            k = cats.get(c, 0)
            if not k and not lcats.get(c, 0):
                continue
            if has_ly:
                l_ = lcats.get(c, 0)
                rows.append(f"| {CAT_LABEL[c]} | {k} | {l_} | {pct(k, l_)} |")
            else:
                rows.append(f"| {CAT_LABEL[c]} | {k} |")
        body.append("\n".join(rows) + "\n")
        body.append("Mest belastade platser: " + listing(
            f"{PLACE_NAME[p]} ({k})" for p, k in places) + ".\n")
        body.append("## Analys\n")
        body.append("\n".join("- " + x for x in self.strategic_analysis(n, a, b)) + "\n")
        if not any(m.group == "strategic" and m.date > n.date for m in self.notes):
            # The newest strategic note shows a computed chart (see the
            # README, "Computed numbers in notes"): built at every build.
            month = n.date.replace(day=1) - dt.timedelta(days=1)
            body.append(f"Klotter per månad, senaste året:\n\n"
                        f"{{{{ diagram(kategori=\"klotter\", period=\"{month:%Y-%m}\") }}}}\n")
        body.append("## Uppföljning av åtgärder\n")
        if not self.register:
            body.append("Inga åtgärder är beslutade ännu. Trygghetsrådet fastställer "
                        "fokusområden i mars; gruppen förbereder underlaget.\n")
        else:
            rows = ["| Id | Åtgärd | Ansvarig | Status |", "| --- | --- | --- | --- |"]
            for i, r in sorted(self.register.items()):
                if r["status"] in ("done", "cancelled") and not any(
                        x["id"] == i for _, x in lines):
                    continue
                rows.append(f"| {i} | {r['what']} | {r.get('owner', '–')} | "
                            f"{STATUS_SV[r['status']]} |")
            body.append("\n".join(rows) + "\n")
            done = sum(1 for r in self.register.values() if r["status"] == "done")
            body.append(f"Genomförda åtgärder hittills: {done} av {len(self.register)}.\n")
        if lines:
            body.append("## Beslut\n")
            body.append("\n".join(self.action_lines(lines)) + "\n")
        body.append("## Nästa möte\n")
        nxt = [m.date for m in self.notes if m.group == "strategic" and m.date > n.date]
        body.append((f"Strategiska gruppen möts nästa gång {sv_date(nxt[0], True)}."
                     if nxt else "Nästa möte bestäms senare.") + "\n")
        return title, attendees, s, None, body

    def strategic_analysis(self, n, a, b):
        st = self.st
        out = []
        cats = st.by(a, b, "cat")
        ly_a, ly_b = a.replace(year=a.year - 1), b.replace(year=b.year - 1)
        if ly_a >= START:
            lcats = st.by(ly_a, ly_b, "cat")
            moves = sorted(((cats.get(c, 0) - lcats.get(c, 0), c) for c in CAT_IDS),
                           key=lambda t: (-abs(t[0]), t[1]))
            d, c = moves[0]
            out.append(f"Största förändringen mot förra året gäller {lc(c)} "
                       f"({cats.get(c, 0)} mot {lcats.get(c, 0)}).")
        rc = st.count(a, b, place="resecentrum", cats=(G, S))
        rc_ly = st.count(ly_a, ly_b, place="resecentrum", cats=(G, S)) if ly_a >= START else None
        out.append(f"Resecentrum: {rc} samlingar och skadegörelser"
                   + (f" ({pct(rc, rc_ly)} mot förra året)" if rc_ly else "") + ".")
        if n.date >= D_("2025-12-01"):
            k = st.count(a, b, place="sodra-centrum", cat=K)
            kl = st.count(ly_a, ly_b, place="sodra-centrum", cat=K)
            out.append(f"Klotter i Södra centrum: {k} mot {kl} samma period förra året.")
        m = n.date.month
        extra = {
            2: "Vintern: fler inbrott i förråd och fler larm i de mörka månaderna.",
            4: "Inför sommaren behövs planering för Älvstranden och Badplatsen.",
            6: "Skolavslutning och midsommar ligger framför; bemanning kvällstid säkras.",
            8: "Sommaren vid Älvstranden sammanfattas i nästa operativa lägesbild.",
            10: "Mörkerperioden börjar: belysningsfrågor från trygghetsvandringen prioriteras.",
            12: "Nyårsinsatsen planeras tillsammans med polis och räddningstjänst.",
        }.get(m)
        if extra:
            out.append(extra)
        return out

    # -- council ---------------------------------------------------------

    def council(self, n):
        st = self.st
        y = n.date.year
        a, b = dt.date(y, 1, 1), n.date - DAY
        prev_council = [c for c in COUNCIL_DATES if c < n.date]
        if prev_council:
            a = prev_council[-1]
        ly_a, ly_b = a - 364 * DAY, b - 364 * DAY
        total = st.count(a, b)
        has_ly = ly_a >= START
        ly = st.count(ly_a, ly_b) if has_ly else None
        title = f"Trygghetsrådet {sv_date(n.date, True)}"
        attendees = ["Sjöby kommun", "Polisen", "Sjöbyhem", "Räddningstjänsten Sjöby",
                     "Regionen"]
        focus = COUNCIL_FOCUS[n.date.isoformat()]
        lines = self.apply_actions(n)
        if prev_council:
            body = [self.choose(["## Lägesbild sedan förra rådet", "## Läget i Sjöby"]) + "\n"]
        else:
            body = ["## Lägesbild hittills i år\n"]
        s = f"Sedan {sv_date(a, True)} har {total} händelser registrerats"
        if ly is not None:
            s += f" ({pct(total, ly)} mot samma period året innan)"
        body.append(s + ".\n")
        public_cats = {c[0] for c in CATEGORIES if c[2]}
        cats = top(Counter({c: k for c, k in st.by(a, b, "cat").items() if c in public_cats}), 5)
        body.append("\n".join(f"- {CAT_LABEL[c]}: {k}" for c, k in cats) + "\n")
        body.append("## Fokusområden\n")
        body.append(COUNCIL_TEXT[n.date.isoformat()] + "\n")
        body.append("\n".join(f"- {PLACE_NAME[p]}" for p in focus[0]) + "\n")
        ev = COUNCIL_EVAL.get(n.date.isoformat())
        if ev:
            body.append(self.evaluation(*ev))
        if lines:
            body.append("## Beslut\n")
            body.append("\n".join(self.action_lines(lines)) + "\n")
        summary = (f"Rådet gick igenom lägesbilden ({total} händelser sedan "
                   f"{sv_date(a, True)}) och fastställde fokus på "
                   f"{listing(PLACE_NAME[p] for p in focus[0])}.")
        news = [x for k, x in lines if k == "new"]
        if news:
            summary += (f" {num(len(news)).capitalize()} ny{'a' if len(news) > 1 else ''} "
                        f"åtgärd{'er' if len(news) > 1 else ''} beslutades.")
        return title, attendees, summary, focus, body

    def evaluation(self, before, after):
        # The effect is computed by the site from the actions' targets and
        # comparisons (the follow-up page and each action's page), so the
        # note only points there instead of a hand-typed table.
        return "\n".join([
            "## Utvärdering av insatserna vid Resecentrum\n",
            "Effekten av belysningen, fältassistenterna och kamerabevakningen vid "
            "Resecentrum räknas nu fram i lägesbilden: se sidan Uppföljning och "
            "insatsernas egna sidor, med före- och efterperioder, jämförelse med Södra "
            "centrum eller resten av kommunen, ett konfidensintervall och en kontroll av om "
            "händelserna flyttat till grannområdena. Rådet bedömer att insatserna "
            "tillsammans har haft avsedd effekt; effekten går inte att fördela på de "
            "enskilda insatserna, eftersom de startade nära varandra.\n",
        ])

    @staticmethod
    def comparison_phrase(before, after):
        p = pct(after, before)
        if after > before:
            return f"de ökade med {p.lstrip('+')}"
        if after < before:
            return f"de minskade med {p.lstrip('−')}"
        return "de var oförändrade"

    # -- safety walk -----------------------------------------------------

    def walk(self, n):
        st = self.st
        info = WALKS[n.date.isoformat()]
        title = f"Trygghetsvandring {info['where']} {sv_date(n.date, True)}"
        attendees = ["Sjöby kommun", "Polisen", "Sjöbyhem", "Boende i området"]
        lines = self.apply_actions(n)
        body = ["## Deltagare och sträcka\n",
                f"Vandringen gick kl. 18.30–20.30 i mörker. {info['route']} Ett tjugotal "
                f"deltagare: boende, Sjöbyhem, kommunens gatu- och parkenhet, fritids"
                f"förvaltningen och kommunpolisen.\n",
                "## Iakttagelser\n"]
        obs = []
        for p, text in info["obs"]:
            k = st.count(n.date - 365 * DAY, n.date - DAY, place=p)
            obs.append(f"- **{PLACE_NAME[p]}**: {text} ({k} registrerade händelser det "
                       f"senaste året.)")
        body.append("\n".join(obs) + "\n")
        if lines:
            body.append("## Förslag till åtgärder\n")
            body.append("\n".join(self.action_lines(lines)) + "\n")
        body.append("## Återkoppling\n")
        body.append("Synpunkterna lämnas till strategiska gruppen. Deltagarna får återkoppling "
                    "via kommunens webbplats.\n")
        summary = f"Trygghetsvandring {info['where']}: " + info["summary"]
        focus = ([p for p, _ in info["obs"]], [T])
        return title, attendees, summary, focus, body

    # -- all -------------------------------------------------------------

    def write_all(self):
        files = {}
        for n in self.notes:
            fn = {"operative": self.operative, "strategic": self.strategic,
                  "council": self.council, "trygghetsvandring": self.walk}[n.group]
            title, attendees, summary, focus, body = fn(n)
            text = front_matter(n, title, attendees, summary, focus) + "\n" + "\n".join(body)
            files[f"content/meetings/{n.slug}.md"] = text
        return files


COUNCIL_FOCUS = {
    "2024-03-13": (["resecentrum", "torget"], [G, S, O]),
    "2024-10-16": (["resecentrum", "sodra-centrum"], [G, S, T]),
    "2025-03-12": (["resecentrum"], [G, S, O]),
    "2025-06-11": (["badplatsen", "alvpromenaden", "stadsparken"], [N, G, O]),
    "2025-11-12": (["resecentrum", "alvpromenaden", "bjorkgarden"], [T, I, B]),
    "2026-03-11": (["sodra-centrum", "ungdomsgarden"], [K, S]),
    "2026-09-16": (["sodra-centrum"], [K, T]),
}
COUNCIL_TEXT = {
    "2024-03-13": "Rådet fastställer fokus för 2024: samlingar och skadegörelse kring "
                  "Resecentrum och Torget kvällstid, särskilt fredag och lördag. Samverkan "
                  "enligt EST införs med gemensam lägesbild varannan vecka.",
    "2024-10-16": "Problemen vid Resecentrum har ökat under hösten. Rådet behåller fokus på "
                  "Resecentrum och lägger till upplevd otrygghet i Södra centrum efter "
                  "trygghetsvandringen.",
    "2025-03-12": "Den fördjupade kartläggningen av Resecentrum redovisades. Rådet beslutar "
                  "om en åtgärdsplan med tre insatser som ska verka tillsammans och som "
                  "utvärderas mot ett jämförelseområde.",
    "2025-06-11": "Inför sommaren ligger fokus på Älvstranden: nedskräpning och samlingar vid "
                  "Badplatsen och längs Älvpromenaden. Stadsparken bevakas med tanke på "
                  "förflyttning från Resecentrum.",
    "2025-11-12": "Mörkerperioden: belysning och upplevd trygghet längs Älvpromenaden, "
                  "inbrott i förråd i Björkgården och nyårsinsatsen. Insatserna vid "
                  "Resecentrum fortsätter.",
    "2026-03-11": "Utvärderingen av Resecentrum redovisas. Nytt fokusområde är klotter och "
                  "skadegörelse i Södra centrum, där antalet anmälningar stadigt ökat sedan "
                  "sommaren 2025.",
    "2026-09-16": "Klottret i Södra centrum har fortsatt att öka trots snabbare sanering. "
                  "Rådet vill ha en trygghetsvandring i området och en förstudie om "
                  "kamerabevakning.",
}
COUNCIL_EVAL = {
    "2026-03-11": ((D_("2024-06-01"), D_("2025-02-28")), (D_("2025-06-01"), D_("2026-02-28"))),
}
WALKS = {
    "2024-10-08": dict(
        where="i Södra centrum och längs Älvpromenaden",
        route="Start vid Södra centrum, genom gångtunneln, förbi Lindskolan och längs "
              "Älvpromenaden till Båthamnen.",
        obs=[("sodra-centrum", "Belysningen i gångtunneln är trasig och tunneln upplevs "
                               "som mycket otrygg."),
             ("alvpromenaden", "Täta buskage skymmer sikten mellan gångvägen och vattnet."),
             ("bathamnen", "Bra belysning vid bryggorna men mörkt på parkeringen.")],
        summary="belysning i gångtunneln och buskage längs Älvpromenaden."),
    "2025-10-07": dict(
        where="vid Resecentrum och Älvstranden",
        route="Start vid Resecentrum, via Stadsparken till Älvbron och längs "
              "Älvpromenaden till Båthamnen, tillbaka via Södra centrum.",
        obs=[("resecentrum", "Ny belysning och kameror gör att platsen upplevs tryggare än "
                             "förra året."),
             ("stadsparken", "Vissa kvällar grupper vid lekplatsen; annars lugnt."),
             ("alvpromenaden", "Sträckan mellan Båthamnen och Älvbron saknar belysning."),
             ("sodra-centrum", "Gångtunneln har bättre ljus men skymd sikt vid uppgången.")],
        summary="Resecentrum upplevs tryggare, Älvpromenaden behöver belysning."),
    "2026-10-06": dict(
        where="i Södra centrum",
        route="Runt Södra centrum, genom passagen bakom butikerna, till Ungdomsgården och "
              "Solbacken.",
        obs=[("sodra-centrum", "Mycket klotter på elskåp, fasader och i passagen bakom "
                               "butikerna; passagen är mörk."),
             ("ungdomsgarden", "Ungdomarna efterfrågar en plats där de får måla."),
             ("solbacken", "Gårdarna upplevs trygga; önskemål om fler papperskorgar.")],
        summary="klotter och en mörk passage bakom butikerna."),
}

# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------

PAGE_OM = """+++
title = "Om lägesbilden"
order = 1
public = true
+++

> **Exempel.** Sjöby kommun finns inte. Alla platser, händelser, möten och
> åtgärder på den här webbplatsen är påhittade och har tagits fram med ett
> program för att visa hur en lägesbild kan se ut.

## Vad är lägesbilden?

Lägesbilden samlar det som Polisen, Sjöby kommun och det kommunala
bostadsbolaget Sjöbyhem ser i sitt arbete: skadegörelse, klotter, bränder,
nedskräpning, ordningsstörningar, samlingar som skapar otrygghet och andra
händelser som påverkar tryggheten i kommunen. Uppgifterna används i arbetet
med *effektiv samordning för trygghet* (EST).

## Hur arbetet går till

- **Operativa gruppen** träffas varannan torsdag och går igenom de senaste
  två veckorna: vad som hänt, var och när, och om det är mer eller mindre
  än tidigare.
- **Strategiska gruppen** träffas varannan månad, följer upp åtgärderna och
  beslutar om större insatser.
- **Trygghetsrådet**, kommunens lokala brottsförebyggande råd, sätter
  fokusområden två till tre gånger om året och utvärderar om insatserna haft
  effekt.
- **Trygghetsvandringar** görs varje höst tillsammans med boende.

## Vad som visas här

Den öppna versionen visar antal händelser per område och månad, åtgärder som
beslutats och sammanfattningar av vissa möten. Små antal visas inte, och
ingenting som kan peka ut en enskild person publiceras. Fritext från
händelserapporterna finns bara i den interna versionen.

## Uppdatering

Lägesbilden uppdateras efter varje möte i operativa gruppen.
"""

PAGE_ANMAL = """+++
title = "Anmäl ett problem"
order = 2
public = true
+++

> Kontaktuppgifterna nedan är påhittade, liksom Sjöby kommun. Numren 112 och
> 114 14 är de riktiga nationella numren.

## Vid akut fara

Ring **112** om någon är i fara, om det brinner eller om ett brott pågår.

## Anmäla brott som redan har hänt

Ring Polisen på **114 14** eller anmäl på polisens webbplats. En anmälan gör
det möjligt för polisen att se var och när saker händer, även om brottet
verkar litet.

## Felanmälan till kommunen

Trasig belysning, klotter, skadegörelse eller nedskräpning på gator, i parker
och på kommunens fastigheter anmäls till Sjöby kommuns felanmälan:

- Telefon: 070-174 06 50 (vardagar 8–16)
- E-post: felanmalan@sjoby.example
- Webb: https://sjoby.example/felanmalan

Skriv gärna var det är, när du såg det och bifoga en bild.

## Bor du hos Sjöbyhem?

Fel i trapphus, källare, tvättstuga och på gården anmäls till Sjöbyhems
felanmälan på telefon 070-174 06 51 eller via Mina sidor. Vid störningar
kvällstid och helger: ring störningsjouren 070-174 06 52.

## Tips och synpunkter om trygghet

Vill du tipsa om en plats som känns otrygg? Skicka ett mejl till
trygghet@sjoby.example. Synpunkterna tas med till nästa trygghetsvandring.
"""

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def write(root, rel, text, written):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                written.append(rel)
                return
    except FileNotFoundError:
        pass
    with open(path, "wb") as f:
        f.write(data)
    written.append(rel)


LATE_REPORT = (
    "Datum,Tid,Händelsetyp,Plats,Beskrivning\n"
    '2025-06-14,22:10,Skadegörelse,Lindskolan,'
    '"Sen anmälan: krossad ruta i entrén, upptäckt vid inventering"\n'
)


def remove_stale(root, rel_dir, ext, keep):
    base = os.path.join(root, rel_dir)
    if not os.path.isdir(base):
        return
    for dirpath, _, filenames in os.walk(base):
        for fn in filenames:
            rel = os.path.relpath(os.path.join(dirpath, fn), root).replace(os.sep, "/")
            if fn.endswith(ext) and rel not in keep:
                os.remove(os.path.join(dirpath, fn))


def check_config(files, notes):
    """Stops when the data written do not fit the hand-kept lagesbild.toml."""
    names = {}
    for c in CONFIG["categories"]:
        for n in [c["id"], c["label"]] + c.get("aliases", []):
            names[n.lower()] = c["id"]
    for table in (POLICE_NAMES, SJOBYHEM_NAMES):
        for cat, texts in table.items():
            for t in texts:
                if names.get(t.lower()) != cat:
                    raise SystemExit(f"{CONFIG_FILE}: no category {cat} has the name {t!r}")
    groups = {"operative", "strategic", "council"} | {g["id"] for g in CONFIG.get("groups", [])}
    for n in notes:
        if n.group not in groups:
            raise SystemExit(f"{CONFIG_FILE}: no [[groups]] {n.group!r} for {n.slug}")
    for rel, text in sorted(files.items()):
        if not (rel.startswith("content/incidents/") and rel.endswith(".csv")):
            continue
        folder = rel.split("/")[2]
        source = next((s for s in CONFIG["sources"] if s["glob"].startswith(folder + "/")), None)
        if source is None:
            raise SystemExit(f"{CONFIG_FILE}: no [[sources]] reads {rel}")
        header = text.split("\n", 1)[0].split(";" if ";" in text.split("\n", 1)[0] else ",")
        for key, column in source.get("columns", {}).items():
            if column not in header:
                raise SystemExit(f"{CONFIG_FILE}: source {source['name']!r} reads {key} from "
                                 f"{column!r}, which {rel} does not have")
    for key in list(CONFIG["reference"]["compare"]) + list(CONFIG["reference"]["labels"]):
        if key not in BRA_KEYS:
            raise SystemExit(f"{CONFIG_FILE}: [reference] names {key!r}, not a key of bra.csv")


def main():
    root = os.getcwd()
    if not os.path.exists(os.path.join(root, "Cargo.toml")):
        raise SystemExit("run this from the repository root")
    events = generate_incidents()
    files = {"content/places.toml": places_toml()}
    files.update(incident_files(events))
    notes = build_schedule()
    attach_actions(notes)
    files.update(Writer(Stats(events), notes).write_all())
    files["content/areas.geojson"] = areas_geojson()
    files["content/reference/bra.csv"] = bra_csv()
    files.update(surveys_csv())
    files["content/pages/om.md"] = PAGE_OM
    files["content/pages/anmal.md"] = PAGE_ANMAL
    # A late report for a month already released: tools/release_example.sh
    # releases it as revisions in the example's ledger.
    files["content/incidents/polisen/sen-anmalan.csv"] = LATE_REPORT
    check_config(files, notes)
    remove_stale(root, "content/incidents", ".csv", files)
    remove_stale(root, "content/meetings", ".md", files)
    written = []
    for rel in sorted(files):
        write(root, rel, files[rel], written)
    size = sum(len(files[r].encode("utf-8")) for r in files)
    print(f"wrote {len(written)} files, {size // 1024} KiB, {len(events)} incident rows")


if __name__ == "__main__":
    sys.exit(main())
