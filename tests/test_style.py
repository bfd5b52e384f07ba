"""analysis.style: the figures' colours, labels in six languages and Altair theme."""

import altair as alt
import pytest

from analysis import style
from analysis.errors import BadArgumentError
from analysis.vocabulary import ADHERENCE, REGIONAL_GROUPS


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_labels_name_every_group_and_category_in_each_language(lang):
    names = style.labels(lang)
    assert list(names["regional_group"]) == list(REGIONAL_GROUPS)
    assert list(names["adherence"]) == list(ADHERENCE)
    assert all(text.strip() for part in names.values() for text in part.values())
    scale = style.adherence_scale(lang)
    assert len(set(scale["domain"])) == len(scale["range"]) == len(ADHERENCE)


def test_one_colour_per_meaning():
    colours = style.colours()
    assert colours["protocol_party"] == "#0072B2"
    adherence = [colours[c] for c in ADHERENCE]
    assert len(set(adherence)) == len(adherence)


def test_the_theme_is_the_figures_look():
    try:
        assert style.use_theme("ar") == "firearms-wg" == alt.theme.active
        config = alt.Chart().mark_point().to_dict()["config"]
        assert config["title"]["anchor"] == "end"
        assert config["font"].startswith('"Noto Sans')
    finally:
        alt.theme.enable("default")
    with pytest.raises(BadArgumentError, match="valid: ar, en, es, fr, ru, zh"):
        style.labels("de")
