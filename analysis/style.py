"""The package's look, for studies that draw their own charts in the same style.

One meaning per colour across every figure (``vocabulary.PALETTE``), the names of the
regional groups, adherence categories and "bound" states in the six UN languages (from
the label files the figures use), and the figures' Altair theme. Colours and labels
need only the core install; the theme needs the ``figures`` extra (Altair).
"""

from __future__ import annotations

from typing import Any

from analysis.inputs import parse_language
from analysis.vocabulary import (
    ADHERENCE,
    BOUND,
    PALETTE,
    REGIONAL_GROUPS,
    STATUSES,
    load_labels,
)

THEME = "firearms-wg"
"""The name the Altair theme is registered under (``use_theme``)."""


def colours() -> dict[str, str]:
    """``{category: hex colour}`` for every category the figures colour.

    Example:
        >>> colours()["protocol_party"], colours()["unknown"]
        ('#0072B2', '#BBBBBB')
    """
    return {category: swatch.colour for category, swatch in PALETTE.items()}


def adherence_scale(lang: str = "en") -> dict[str, list[str]]:
    """``domain`` (labels in ``lang``) and ``range`` (colours) of the adherence categories.

    Ready for ``alt.Scale(**adherence_scale("fr"))`` on a column of translated labels.

    Example:
        >>> adherence_scale()["range"][:2]
        ['#0072B2', '#E69F00']
    """
    names = labels(lang)["adherence"]
    return {"domain": [names[c] for c in ADHERENCE],
            "range": [PALETTE[c].colour for c in ADHERENCE]}


def labels(lang: str = "en") -> dict[str, dict[str, str]]:
    """Names of the coded values in ``lang``: ``regional_group``, ``adherence``, ``bound``.

    Also ``status`` for the treaty statuses whose label the label files hold
    (``status.CODE`` keys; none yet, so the figures' words for them are the
    ``adherence`` and ``bound`` ones).

    Raises:
        BadArgumentError: a language other than the six UN languages.

    Example:
        >>> labels("en")["regional_group"]["GRULAC"]
        'Latin American and Caribbean States'
        >>> labels("zh")["bound"]["party"]
        '缔约方'
    """
    texts = load_labels(parse_language(lang)).texts
    return {
        "regional_group": {g: texts[f"group.{g}"] for g in REGIONAL_GROUPS},
        "adherence": {a: texts[f"adherence.{a}"] for a in ADHERENCE},
        "bound": {b: texts[f"bound.{b}"] for b in BOUND},
        "status": {s: texts[f"status.{s}"] for s in STATUSES if f"status.{s}" in texts},
    }


def altair_theme(lang: str = "en") -> dict[str, Any]:
    """The figures' Vega-Lite config (font, sizes, title anchor) for ``lang``.

    Raises:
        MissingExtraError: the ``figures`` extra is not installed.

    Example:
        >>> altair_theme("ar")["config"]["title"]["anchor"]
        'end'
    """
    from analysis.charts import theme_config

    config = theme_config(load_labels(parse_language(lang)))
    config["range"] = {"category": [PALETTE[c].colour for c in ADHERENCE]}
    return {"config": config}


def use_theme(lang: str = "en") -> str:
    """Register the figures' theme with Altair and enable it; returns its name.

    Example:
        >>> import altair as alt
        >>> use_theme("en"), alt.theme.active
        ('firearms-wg', 'firearms-wg')
        >>> _ = alt.theme.enable("default")
    """
    import altair as alt

    alt.theme.register(THEME, enable=True)(lambda: altair_theme(lang))
    return THEME
