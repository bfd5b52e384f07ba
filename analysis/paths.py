"""Where the package finds its files: the one place that knows the on-disk layout.

In a checkout the data sit in ``data/`` at the top of the repository; in an installed
wheel they ship inside the package as ``analysis/_data/``. Loaders take a ``path=``
argument whose default comes from here.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent
_INSTALLED_DATA = PACKAGE_DIR / "_data"

DATA_DIR = _INSTALLED_DATA if _INSTALLED_DATA.is_dir() else _REPO_DIR / "data"
REFERENCE_DIR = DATA_DIR / "reference"
RAW_DIR = DATA_DIR / "raw"
FIGURES_DIR = Path("figures")

MEMBER_STATES = REFERENCE_DIR / "un_member_states.csv"
COUNTRY_NAMES = REFERENCE_DIR / "un_country_names.csv"
ORGANIZATIONS = REFERENCE_DIR / "organizations.csv"
NAME_ALIASES = REFERENCE_DIR / "name_aliases.csv"
WORLD_BANK_NAMES = REFERENCE_DIR / "world_bank_names.csv"
CLDR_VARIANTS = REFERENCE_DIR / "cldr_territory_variants.csv"
TREATY_PARTICIPATION = REFERENCE_DIR / "treaty_participation.csv"
TREATY_ANCHORS = REFERENCE_DIR / "treaty_published_totals.csv"
TREATY_EVENT_ANCHORS = REFERENCE_DIR / "firearms_protocol_events_anchors.csv"
RAW_TREATIES_DIR = RAW_DIR / "treaties"
RAW_MAP_DIR = RAW_DIR / "map"
WORLD_BOUNDARIES = REFERENCE_DIR / "world_map.topojson"
SMALL_STATE_POSITIONS = REFERENCE_DIR / "world_map_small_states.csv"

# Derived artefacts worth keeping between runs (the Vega JavaScript bundle).
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "firearms-wg"
