"""The status map as UN cartographic clearance would check it: boundaries, notes, marks, layout."""

import itertools
import json
import math

import pytest

from analysis import charts
from analysis.build import worldmap
from analysis.charts.status_map import _DOTS_APART, _RING, _equal_earth, _map_lines
from analysis.errors import ReferenceDataError
from analysis.figures import figure_builders
from analysis.reference import load_member_states, load_world_topology
from analysis.study import build_study
from analysis.vocabulary import label_languages, load_labels
from tests.conftest import REPORT_ZH

WORLD = load_world_topology()
WIDTH = charts.WIDTH + 80
LAYOUT = charts.map_layout(WORLD, WIDTH)


@pytest.fixture(scope="module")
def study():
    return build_study(REPORT_ZH)


def _map(study, lang):
    return figure_builders(study, load_labels(lang))["status_map"]().to_dict()


def test_special_boundaries_are_line_features_from_the_shapes_shared_arcs():
    lines = {g["id"]: g for g in json.loads(WORLD)["objects"]["boundaries"]["geometries"]}
    assert {name: g["properties"]["style"] for name, g in lines.items()} == {
        "western_sahara": "dashed", "sudan_south_sudan": "dashed", "line_of_control": "dotted"}
    features = {f["id"]: f["geometry"]["coordinates"] for f in LAYOUT["boundaries"]}
    # Western Sahara's northern boundary runs along 27.67 N; the Line of Control
    # ends in the north at the Karakoram (about 77.8 E, 35.5 N) and starts north of
    # the Working Boundary.
    assert all(abs(lat - 27.67) < 0.05 for _, lat in features["western_sahara"])
    assert features["line_of_control"][-1] == pytest.approx([77.84, 35.49], abs=0.05)
    assert min(lat for _, lat in features["line_of_control"]) > 32.7
    assert min(lat for _, lat in features["sudan_south_sudan"]) > 8.5
    # Each is drawn on both sides of the shared arc: both shapes still have it.
    assert worldmap.shape_at(json.loads(WORLD), -10.0, 28.0) == "MAR"
    assert worldmap.shape_at(json.loads(WORLD), -10.0, 27.0) == "ESH"


def test_special_boundaries_are_drawn_in_their_dash_over_a_line_that_cuts_the_outline(study):
    layers = _map(study, "en")["layer"]
    drawn = [(layer["mark"].get("strokeDash"), layer["mark"].get("stroke"),
              layer.get("transform", [{}])[-1].get("filter"))
             for layer in layers if isinstance(layer.get("data"), dict)
             and "values" in layer["data"] and layer["data"]["values"]
             and layer["data"]["values"][0].get("type") == "Feature"]
    assert drawn == [(None, "#FFFFFF", None),  # cuts the attended outline
                     ([3, 2], "#333333", "datum.properties.style == 'dashed'"),
                     ([0.1, 2.2], "#333333", "datum.properties.style == 'dotted'")]


@pytest.mark.parametrize("lang", label_languages())
def test_notes_and_the_full_disclaimer_last_in_every_language(study, lang):
    labels = load_labels(lang)
    spec = _map(study, lang)
    texts = [row["lines"] for layer in spec["layer"] if "lines" in
             (layer.get("data", {}).get("values") or [{}])[0]
             for row in layer["data"]["values"]]
    joined = " ".join(t.strip("\u2067\u2069") for t in texts)
    for key in ("map.note_kashmir", "map.note_sudan", "map.note_falklands", "map.note_kosovo",
                "map.note"):
        assert labels(key) and labels(key).split()[-1] in joined, key
    assert texts[-1].strip("\u2067\u2069").endswith(labels("map.note").split()[-1])
    # The notes come after the legend block: below both legends.
    legends = [layer["encoding"][channel]["legend"] for layer in spec["layer"]
               for channel in ("color", "stroke")
               if isinstance(layer.get("encoding", {}).get(channel, {}).get("legend"), dict)]
    lowest = max(legend["legendY"] for legend in legends)
    note_rows = next(layer for layer in spec["layer"]
                     if "lines" in (layer.get("data", {}).get("values") or [{}])[0])
    assert min(row["y"] for row in note_rows["data"]["values"]) > lowest + 14
    assert {legend["orient"] for legend in legends} == {"none"}


def test_english_notes_use_the_un_wording():
    en = load_labels("en")
    assert en("map.note") == ("The boundaries and names shown and the designations used on "
                              "this map do not imply official endorsement or acceptance by "
                              "the United Nations.")
    assert en("map.note_kosovo") == ("References to Kosovo shall be understood to be in the "
                                     "context of Security Council resolution 1244 (1999).")
    assert "Falkland Islands (Malvinas)" in en("map.note_falklands")
    assert "Abyei" in en("map.note_sudan")


def test_every_state_has_a_visible_mark_and_no_two_dots_overlap():
    states = set(load_member_states()["iso3"])
    dots = LAYOUT["dots"]
    dotted = set(dots["iso3"])
    world = json.loads(WORLD)
    shapes = {g["id"] for g in world["objects"]["countries"]["geometries"]}
    # A State is a shape big enough to show its colour, or a dot (with its shape if tiny).
    assert states <= (shapes - set(LAYOUT["tiny"])) | dotted
    assert {"LCA", "VCT", "GRD", "DMA", "ATG", "KNA", "BRB", "LBN", "CYP", "LUX"} <= dotted
    points = list(zip(dots["x"], dots["y"], strict=True))
    closest = min(math.dist(a, b) for a, b in itertools.combinations(points, 2))
    assert closest >= _DOTS_APART - 0.01
    # A dot's ring (the attendance outline) is narrower than the gap: rings never touch.
    assert math.sqrt(_RING) < _DOTS_APART
    # Dots stay on the canvas.
    assert min(dots["x"]) >= 0 and max(dots["x"]) <= WIDTH


def test_dots_stay_near_their_state():
    dots = {row["iso3"]: row for row in LAYOUT["dots"].iter_rows(named=True)}
    saint_lucia = dots["LCA"]
    assert abs(saint_lucia["lon"] + 60.97) < 0.3 and abs(saint_lucia["lat"] - 13.9) < 0.3
    scale, (tx, ty) = LAYOUT["scale"], LAYOUT["translate"]
    for row in dots.values():
        x0, y0 = _equal_earth(row["lon"], row["lat"])
        moved = math.dist((tx + x0 * scale, ty - y0 * scale), (row["x"], row["y"]))
        assert moved < 25, row["iso3"]


def test_the_map_fills_the_width_with_no_blank_band(study):
    spec = _map(study, "en")
    projection = spec["projection"]
    assert projection["type"] == "equalEarth"
    assert projection["scale"] == pytest.approx(LAYOUT["scale"])
    world = json.loads(WORLD)
    rings, _ = _map_lines(world)
    xs, ys = [], []
    for shape in rings.values():
        for ring in shape:
            for lon, lat in ring:
                x, y = _equal_earth(lon, lat)
                xs.append(projection["translate"][0] + x * projection["scale"])
                ys.append(projection["translate"][1] - y * projection["scale"])
    assert min(xs) >= 0 and max(xs) <= WIDTH
    assert max(xs) - min(xs) > WIDTH - 20  # the map spans the width
    assert min(ys) < 10  # no band above the map
    # The legend starts right under the map: no band below.
    legends = [layer["encoding"]["color"]["legend"] for layer in spec["layer"]
               if isinstance(layer.get("encoding", {}).get("color", {}).get("legend"), dict)]
    assert min(legend["legendY"] for legend in legends) - max(ys) < 20


def test_an_outline_never_covers_a_small_states_colour(study):
    layers = _map(study, "en")["layer"]
    states = layers[1]
    width = states["encoding"]["strokeWidth"]
    # The full outline only on shapes big enough; small ones get a ring outside,
    # drawn under a second fill of the same colour.
    assert "!datum.small_shape" in width["condition"]["test"]
    ring, refill = layers[2], layers[3]
    assert ring["mark"]["filled"] is False and "datum.ringed" in ring["transform"][-1]["filter"]
    assert refill["mark"]["strokeWidth"] == 0
    assert refill["encoding"]["color"]["scale"] == states["encoding"]["color"]["scale"]
    # A dot's attendance ring is a bigger dark circle drawn before (under) the dot.
    dot_rings, dots = layers[8], layers[9]
    assert dot_rings["mark"]["size"] > dots["mark"]["size"]
    assert "stroke" not in dots["encoding"]


def test_arabic_scale_reads_whole():
    subtitle = load_labels("ar")("map.subtitle")
    # A left-to-right mark before the number keeps its groups in order in rtl text.
    assert "\u200e1:110 000 000" in subtitle


def test_derivation_refuses_a_special_boundary_the_shapes_do_not_share(monkeypatch):
    monkeypatch.setattr(worldmap, "SPECIAL_BOUNDARIES",
                        (("somewhere", "FRA", "CHN", -90.0, "dashed", "no such line"),))
    with pytest.raises(ReferenceDataError, match="FRA and CHN share no boundary to draw as "
                                                 "somewhere"):
        worldmap.derive_world_map()
