"""The status map as UN cartographic clearance would check it: boundaries, notes, marks, layout."""

import copy
import itertools
import json
import math

import polars as pl
import pytest

from analysis import charts
from analysis.build import worldmap
from analysis.charts.status_map import _RING, _equal_earth, _map_lines
from analysis.errors import ReferenceDataError
from analysis.figures import figure_builders
from analysis.reference import load_member_states, load_world_topology
from analysis.study import build_study
from analysis.vocabulary import PALETTE, label_languages, load_labels
from tests.conftest import REPORT_ZH

WORLD = load_world_topology()
WIDTH = charts.WIDTH + 80
LAYOUT = charts.map_layout(WORLD, WIDTH)


@pytest.fixture(scope="module")
def study():
    return build_study(REPORT_ZH)


_MAPS: dict[tuple[int, str], dict] = {}


def _map(study, lang):
    # Each map built (a second) once per language; each test reads its own copy.
    if (id(study), lang) not in _MAPS:
        _MAPS[id(study), lang] = figure_builders(study, load_labels(lang))["status_map"]()\
            .to_dict()
    return copy.deepcopy(_MAPS[id(study), lang])


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
             and layer["data"]["values"][0].get("type") == "Feature"
             and "style" in layer["data"]["values"][0]["properties"]]
    # On the map, then in the Europe inset.
    assert drawn == 2 * [(None, "#FFFFFF", None),  # cuts the attended outline
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


def _px(lon, lat, view):
    x, y = _equal_earth(lon, lat)
    return view["translate"][0] + x * view["scale"], view["translate"][1] - y * view["scale"]


def test_every_state_has_a_visible_mark_and_no_mark_hides_another():
    states = set(load_member_states()["iso3"])
    dots = LAYOUT["dots"]
    world = json.loads(WORLD)
    shapes = {g["id"] for g in world["objects"]["countries"]["geometries"]}
    # A State is a shape big enough to show its colour, or a dot (with its shape if
    # tiny), on the map or in the Europe inset.
    assert states <= ((shapes - set(LAYOUT["tiny"])) | set(dots["iso3"])
                      | set(LAYOUT["inset"]["enlarged"]))
    assert {"SVN", "MNE"} <= set(LAYOUT["inset"]["enlarged"])
    assert {"LCA", "VCT", "GRD", "DMA", "ATG", "KNA", "BRB", "LBN", "LUX"} <= set(dots["iso3"])
    # Europe's micro-States are dotted in the inset only: none crowds the Balkans or
    # the Alps on the map.
    inset = set(dots.filter("inset")["iso3"])
    assert {"AND", "LIE", "MCO", "SMR", "VAT", "MLT", "LUX"} <= inset
    assert not inset & set(dots.filter(~pl.col("inset"))["iso3"])
    # Dots' boxes (rings included) are apart in each view.
    ring = math.sqrt(_RING)
    for flag in (False, True):
        points = list(dots.filter(pl.col("inset") == flag).select("x", "y").iter_rows())
        for a, b in itertools.combinations(points, 2):
            assert max(abs(a[0] - b[0]), abs(a[1] - b[1])) >= ring + 1, (flag, a, b)
    # The inset sits in open sea on the canvas: no land of the map and no dot of the
    # map in its box.
    x0, y0, x1, y1 = LAYOUT["inset"]["box"]
    assert 0 <= x0 < x1 <= WIDTH and 0 <= y0 < y1 <= LAYOUT["height"]
    rings, _ = _map_lines(world)
    land = [_px(lon, lat, LAYOUT) for shape in rings.values() for r in shape for lon, lat in r]
    assert not [p for p in land if x0 - 2 < p[0] < x1 + 2 and y0 - 2 < p[1] < y1 + 2]
    for x, y in dots.filter(~pl.col("inset")).select("x", "y").iter_rows():
        assert not (x0 - ring < x < x1 + ring and y0 - ring < y < y1 + ring), (x, y)
    # Dots stay on the canvas.
    assert min(dots["x"]) >= 0 and max(dots["x"]) <= WIDTH
    # The inset enlarges: North Macedonia is at least twice as wide there.
    mkd = [p for r in rings["MKD"] for p in r]
    on_map, in_inset = ([_px(*p, view)[0] for p in mkd] for view in (LAYOUT, LAYOUT["inset"]))
    assert max(in_inset) - min(in_inset) > 1.8 * (max(on_map) - min(on_map))


def test_the_locator_frame_on_the_map_is_the_region_the_inset_shows():
    inset = LAYOUT["inset"]
    lx0, ly0, lx1, ly1 = inset["locator"]
    bx0, by0, bx1, by1 = inset["box"]
    # Same shape, and Vienna is at the same relative place in both.
    assert (lx1 - lx0) / (ly1 - ly0) == pytest.approx((bx1 - bx0) / (by1 - by0))
    vx, vy = _px(16.37, 48.21, LAYOUT)
    ix, iy = _px(16.37, 48.21, inset)
    assert (vx - lx0) / (lx1 - lx0) == pytest.approx((ix - bx0) / (bx1 - bx0))
    assert (vy - ly0) / (ly1 - ly0) == pytest.approx((iy - by0) / (by1 - by0))


def test_greenland_and_the_canadian_arctic_are_whole_inside_the_canvas():
    rings, _ = _map_lines(json.loads(WORLD))
    for code in ("GRL", "CAN"):
        top = min(_px(lon, lat, LAYOUT)[1] for r in rings[code] for lon, lat in r)
        # Inside the canvas with room above the coast (it is flat in Equal Earth),
        # and no blank band: the northernmost land is near the top.
        assert 10 <= top < 16, code


def test_dots_stay_near_their_state():
    dots = {row["iso3"]: row for row in LAYOUT["dots"].iter_rows(named=True)}
    saint_lucia = dots["LCA"]
    assert abs(saint_lucia["lon"] + 60.97) < 0.3 and abs(saint_lucia["lat"] - 13.9) < 0.3
    for row in dots.values():
        view = LAYOUT["inset"] if row["inset"] else LAYOUT
        moved = math.dist(_px(row["lon"], row["lat"], view), (row["x"], row["y"]))
        assert moved < 25, row["iso3"]


def test_the_map_fills_the_width_with_no_blank_band(study):
    spec = _map(study, "en")
    projection = spec["layer"][0]["projection"]
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
    assert min(ys) < 14  # no band above the map (the Arctic coast has 12 px)
    # The legend starts right under the map: no band below.
    legends = [layer["encoding"]["color"]["legend"] for layer in spec["layer"]
               if isinstance(layer.get("encoding", {}).get("color", {}).get("legend"), dict)]
    assert min(legend["legendY"] for legend in legends) - max(ys) < 20


def test_an_outline_never_covers_a_small_states_colour(study):
    layers = _map(study, "en")["layer"]
    states = layers[1]
    width = states["encoding"]["strokeWidth"]
    # The full outline only on shapes big enough; small parts of any State (Hawaii as
    # well as Lebanon) get a ring outside, drawn under a second fill of the same colour.
    assert "!datum.small_shape" in width["condition"]["test"]
    ring, refill = layers[2], layers[3]
    assert ring["mark"]["filled"] is False and "datum.attended" in ring["transform"][-1][
        "filter"]
    assert refill["mark"]["strokeWidth"] == 0
    assert refill["encoding"]["color"]["scale"] == states["encoding"]["color"]["scale"]
    parts = ring["data"]["values"]
    assert parts == refill["data"]["values"]
    hawaii = [f for f in parts if f["id"] == "USA"
              and all(-161 < lon < -154 and 18 < lat < 23
                      for lon, lat in f["geometry"]["coordinates"][0])]
    assert hawaii, "Hawaii's islands are ringed, not outlined over their fill"
    assert {"LBN", "MKD", "SRB"} <= {f["id"] for f in parts}
    # A dot's attendance ring is a bigger dark circle drawn before (under) the dot.
    dot_rings, dots = layers[8], layers[9]
    assert dot_rings["mark"]["size"] > dots["mark"]["size"]
    assert "stroke" not in dots["encoding"]


def test_marked_statuses_carry_the_mark_on_the_map_and_in_the_tooltip(study):
    spec = _map(study, "en")
    stars = [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"
             and (layer.get("data", {}).get("values") or [{}])[0].get("text") == "*"]
    assert len(stars) == 4  # a white halo, then the ink, on the map and in the inset
    starred = {row["iso3"] for layer in stars for row in layer["data"]["values"]}
    # The States the figure's note names (inferred, or from a secondary source).
    assert {"PLW", "COG", "PNG", "SLB", "TUV", "LUX", "KOR", "PRK", "IRN", "WSM", "SOM",
            "SSD", "PSE"} <= starred
    assert not {"FRA", "DEU", "USA", "CHN"} & starred
    # Every mark on the canvas.
    assert all(0 <= row["x"] <= WIDTH for layer in stars for row in layer["data"]["values"])
    # Luxembourg's mark is in the inset, beside its dot there.
    assert [row["inset"] for layer in stars for row in layer["data"]["values"]
            if row["iso3"] == "LUX"] == [True, True]
    names = {row["iso3"]: row["display_name"] for layer in spec["layer"]
             for row in (layer.get("data", {}).get("values") or [])
             if isinstance(row, dict) and "display_name" in row and "inset" in row}
    assert names["LUX"].endswith("*") and not names["MLT"].endswith("*")


def test_territories_are_not_drawn_in_the_grey_of_unknown(study):
    spec = _map(study, "en")
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    no_data = colours[load_labels("en")("map.no_data")]
    # The palette's background for land with no status, far lighter than "unknown".
    assert no_data == PALETTE["no_status"].colour
    assert no_data not in {PALETTE[k].colour for k in ("unknown", "present")}
    assert int(no_data[1:3], 16) - int(PALETTE["unknown"].colour[1:3], 16) >= 0x30
    # Outlined in a grey edge (not white like the States' borders): land, not sea.
    land = spec["layer"][0]
    assert land["mark"]["stroke"] not in {"#FFFFFF", no_data, PALETTE["unknown"].colour}


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


def test_the_inset_and_its_frames_stay_in_place_in_arabic(study):
    # The right-to-left mirror reverses x scales: the frames are pixel constants and
    # the asterisks are placed by longitude and latitude, so nothing moves.
    spec = _map(study, "ar")
    rects = [layer["encoding"] for layer in spec["layer"] if layer["mark"].get("type") == "rect"]
    box, locator = LAYOUT["inset"]["box"], LAYOUT["inset"]["locator"]
    assert [(e["x"]["value"], e["x2"]["value"]) for e in rects] == [
        (box[0], box[2]), (box[0], box[2]), (locator[0], locator[2])]
    stars = [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"
             and (layer.get("data", {}).get("values") or [{}])[0].get("text") == "*"]
    assert all("longitude" in layer["encoding"] and "x" not in layer["encoding"]
               for layer in stars)
