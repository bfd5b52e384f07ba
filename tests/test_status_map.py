"""The status map as UN cartographic clearance would check it: boundaries, notes, marks, layout."""

import itertools
import json
import math

import polars as pl
import pytest

from analysis import charts
from analysis.build import worldmap
from analysis.charts.status_map import _RING
from analysis.errors import ReferenceDataError
from analysis.figures import figure_builders
from analysis.geo import equal_earth, equal_earth_inverse, inside
from analysis.geo import map_lines as _map_lines
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
    # Each map built once per language and shared: the tests only read it. Not validated
    # here: test_figures validates the map's whole spec (a second and a half a time).
    if (id(study), lang) not in _MAPS:
        _MAPS[id(study), lang] = figure_builders(study, load_labels(lang))["status_map"]()\
            .to_dict(validate=False)
    return _MAPS[id(study), lang]


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
    # On the map, then in the Europe, Caribbean and Pacific insets.
    assert drawn == 4 * [(None, "#FFFFFF", None),  # cuts the attended outline
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
    x, y = equal_earth(lon, lat, view.get("centre", 0.0))
    return view["translate"][0] + x * view["scale"], view["translate"][1] - y * view["scale"]


INSETS = LAYOUT["insets"]
VIEWS = {"map": LAYOUT} | INSETS
EASTERN_CARIBBEAN = {"LCA", "VCT", "GRD", "BRB", "DMA", "ATG", "KNA"}
PACIFIC_ISLANDS = {"TON", "WSM", "TUV", "NRU", "MHL", "FSM", "PLW", "KIR"}


def _on_a_frame(box, x, y, reach):
    """Whether a point is within ``reach`` px of one of a box's four lines."""
    x0, y0, x1, y1 = box
    return ((y0 - reach < y < y1 + reach and min(abs(x - x0), abs(x - x1)) < reach)
            or (x0 - reach < x < x1 + reach and min(abs(y - y0), abs(y - y1)) < reach))


def test_every_state_has_a_visible_mark_and_no_mark_hides_another():
    states = set(load_member_states()["iso3"])
    dots = LAYOUT["dots"]
    world = json.loads(WORLD)
    shapes = {g["id"] for g in world["objects"]["countries"]["geometries"]}
    enlarged = {code for inset in INSETS.values() for code in inset["enlarged"]}
    # A State is a shape big enough to show its colour, or a dot (with its shape if
    # tiny), on the map or in an inset.
    assert states <= ((shapes - set(LAYOUT["tiny"])) | set(dots["iso3"]) | enlarged)
    assert {"SVN", "MNE"} <= set(INSETS["europe"]["enlarged"])
    view = dict(dots.select("iso3", "view").iter_rows())
    # The micro-States of Europe, the eastern Mediterranean's small States, the Eastern
    # Caribbean and the Pacific island States are each dotted in their inset only.
    assert {c: view[c] for c in ("AND", "LIE", "MCO", "SMR", "VAT", "MLT", "LUX", "LBN",
                                 "CYP", "PSE")} == dict.fromkeys(
        ("AND", "LIE", "MCO", "SMR", "VAT", "MLT", "LUX", "LBN", "CYP", "PSE"), "europe")
    assert {view[c] for c in EASTERN_CARIBBEAN} == {"caribbean"}
    assert {view[c] for c in PACIFIC_ISLANDS} == {"pacific"}
    assert dots["iso3"].n_unique() == dots.height  # each State dotted once
    # Dots' boxes (rings included) are apart in each view.
    ring = math.sqrt(_RING)
    for name in VIEWS:
        points = list(dots.filter(pl.col("view") == name).select("x", "y").iter_rows())
        for a, b in itertools.combinations(points, 2):
            assert max(abs(a[0] - b[0]), abs(a[1] - b[1])) >= ring + 1, (name, a, b)
    # The insets sit in a band under the map, side by side: they hide no land and no
    # dot, and each dot of an inset is inside its box.
    boxes = [inset["box"] for inset in INSETS.values()]
    for (_, _, ax1, _), (bx0, _, _, _) in itertools.pairwise(boxes):
        assert bx0 > ax1
    for name, inset in INSETS.items():
        x0, y0, x1, y1 = inset["box"]
        assert 0 <= x0 < x1 <= WIDTH and LAYOUT["map_height"] < y0 < y1 <= LAYOUT["height"]
        for x, y in dots.filter(pl.col("view") == name).select("x", "y").iter_rows():
            half = ring / 2
            assert x0 + half < x < x1 - half and y0 + half < y < y1 - half, (name, x, y)
    # No frame line crosses a dot: the locators on the map, each inset's own box.
    for name, inset in INSETS.items():
        for box, where in [(box, "map") for box in inset["locators"]] + [(inset["box"], name)]:
            for code, x, y in dots.filter(pl.col("view") == where).select(
                    "iso3", "x", "y").iter_rows():
                assert not _on_a_frame(box, x, y, ring / 2 + 1), (name, code)
    assert min(dots["x"]) >= 0 and max(dots["x"]) <= WIDTH
    # The insets enlarge: North Macedonia and Saint Lucia's neighbours spread out.
    rings, _ = _map_lines(world)
    mkd = [p for r in rings["MKD"] for p in r]
    on_map, in_inset = ([_px(*p, view)[0] for p in mkd] for view in (LAYOUT, INSETS["europe"]))
    assert max(in_inset) - min(in_inset) > 2.5 * (max(on_map) - min(on_map))


def test_the_pacific_inset_is_centred_near_180_and_its_locator_is_cut_there():
    pacific = INSETS["pacific"]
    assert 150 < pacific["centre"] < 190
    # Fiji straddles 180°: one piece in the inset, two locator frames on the map (east
    # and west edges).
    fiji = [_px(lon, lat, pacific)[0] for lon, lat in ((177.5, -17.8), (-179.9, -16.5))]
    assert abs(fiji[0] - fiji[1]) < 15
    left, right = sorted(pacific["locators"])
    assert left[0] == pytest.approx(6.0, abs=1) and right[2] == pytest.approx(WIDTH - 6, abs=1)


def test_the_locator_frame_on_the_map_is_the_region_the_inset_shows():
    for name, (lon, lat) in (("europe", (16.37, 48.21)),  # Vienna
                             ("caribbean", (-61.0, 14.0))):  # Castries
        inset = INSETS[name]
        (lx0, ly0, lx1, ly1), = inset["locators"]
        bx0, by0, bx1, by1 = inset["box"]
        # Same shape, and the place is at the same relative place in both.
        assert (lx1 - lx0) / (ly1 - ly0) == pytest.approx((bx1 - bx0) / (by1 - by0))
        vx, vy = _px(lon, lat, LAYOUT)
        ix, iy = _px(lon, lat, inset)
        assert (vx - lx0) / (lx1 - lx0) == pytest.approx((ix - bx0) / (bx1 - bx0))
        assert (vy - ly0) / (ly1 - ly0) == pytest.approx((iy - by0) / (by1 - by0))


def test_greenland_and_the_canadian_arctic_stand_whole_under_the_globes_edge(study):
    rings, _ = _map_lines(json.loads(WORLD))
    pole = _px(0, 90, LAYOUT)[1]
    # The pole line (the top of the drawn globe) is inside the canvas, and the Arctic
    # coasts lie just under it, whole: the top edge is the globe's, not the frame's.
    assert 4 <= pole <= 8
    for code in ("GRL", "CAN", "NOR", "RUS"):
        top = min(_px(lon, lat, LAYOUT)[1] for r in rings[code] for lon, lat in r)
        assert pole + 1 < top < pole + 25, code
    layers = _map(study, "en")["layer"]
    assert layers[0]["data"] == {"sphere": True} and layers[0]["mark"]["filled"] is False


def test_dots_stay_near_their_state():
    dots = {row["iso3"]: row for row in LAYOUT["dots"].iter_rows(named=True)}
    saint_lucia = dots["LCA"]
    assert abs(saint_lucia["lon"] + 60.97) < 0.3 and abs(saint_lucia["lat"] - 13.9) < 0.3
    for row in dots.values():
        moved = math.dist(_px(row["lon"], row["lat"], VIEWS[row["view"]]), (row["x"], row["y"]))
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
                x, y = equal_earth(lon, lat)
                xs.append(projection["translate"][0] + x * projection["scale"])
                ys.append(projection["translate"][1] - y * projection["scale"])
    assert min(xs) >= 0 and max(xs) <= WIDTH
    assert max(xs) - min(xs) > WIDTH - 40  # the map spans the width (the globe's edge too)
    assert min(ys) < 14  # no band above the map
    # The insets start right under the map, and the legend right under them.
    assert min(inset["box"][1] for inset in INSETS.values()) - max(ys) < 20
    legends = [layer["encoding"]["color"]["legend"] for layer in spec["layer"]
               if isinstance(layer.get("encoding", {}).get("color", {}).get("legend"), dict)]
    assert min(legend["legendY"] for legend in legends) - max(
        inset["box"][3] for inset in INSETS.values()) < 20


def test_an_outline_never_covers_a_small_states_colour(study):
    layers = _map(study, "en")["layer"]
    states = layers[2]
    width = states["encoding"]["strokeWidth"]
    # The full outline only on shapes big enough.
    assert "!datum.small_shape" in width["condition"]["test"]
    ring, refill, widen = layers[3], layers[4], layers[5]
    # A State all of whose parts are small (Lebanon) and that attended: a ring outside,
    # under a second fill of the same colour.
    assert ring["mark"]["filled"] is False
    assert ring["transform"][-1]["filter"] == "datum.attended && datum.small_shape"
    assert refill["mark"]["strokeWidth"] == 0
    assert refill["encoding"]["color"]["scale"] == states["encoding"]["color"]["scale"]
    # A small part of a larger State (Hawaii): no ring, and its second fill is drawn a
    # little wider in its own colour, over the State's edge.
    assert widen["mark"]["filled"] is False and widen["mark"]["strokeWidth"] > (
        states["encoding"]["strokeWidth"]["condition"]["value"])
    assert widen["encoding"]["color"]["scale"] == states["encoding"]["color"]["scale"]
    assert widen["transform"][-1]["filter"] == "!datum.small_shape"
    parts = ring["data"]["values"]
    assert parts == refill["data"]["values"] == widen["data"]["values"]
    hawaii = [f for f in parts if f["id"] == "USA"
              and all(-161 < lon < -154 and 18 < lat < 23
                      for lon, lat in f["geometry"]["coordinates"][0])]
    assert hawaii, "Hawaii's islands are filled again over the United States' outline"
    assert {"LBN", "MKD", "SRB"} <= {f["id"] for f in parts}
    # A dot's attendance ring is a bigger dark circle drawn before (under) the dot.
    dot_rings, dots = layers[10], layers[11]
    assert dot_rings["mark"]["size"] > dots["mark"]["size"]
    assert "stroke" not in dots["encoding"]


def _stars(spec):
    return [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"
            and (layer.get("data", {}).get("values") or [{}])[0].get("text") == "*"]


def test_marked_statuses_carry_the_mark_on_the_map_and_in_the_tooltip(study):
    spec = _map(study, "en")
    stars = _stars(spec)
    # A white halo, then the ink, in the map and Europe: the Caribbean has no marked
    # State, and the Pacific's carry the mark in their names.
    assert len(stars) == 4
    starred = {row["iso3"] for layer in stars for row in layer["data"]["values"]}
    # The States the figure's note names (inferred, or from a secondary source).
    assert {"COG", "PNG", "LUX", "KOR", "PRK", "IRN", "SOM", "SSD", "PSE"} <= starred
    assert {"Palau*", "Tuvalu*", "Samoa*"} <= set(_names(spec))
    assert not {"FRA", "DEU", "USA", "CHN"} & starred
    # Every mark on the canvas.
    assert all(0 <= row["x"] <= WIDTH for layer in stars for row in layer["data"]["values"])
    # Luxembourg's and Palestine's marks are in the Europe inset only.
    assert {row["view"] for layer in stars for row in layer["data"]["values"]
            if row["iso3"] in {"LUX", "PSE"}} == {"europe"}
    names = {row["iso3"]: row["display_name"] for layer in spec["layer"]
             for row in (layer.get("data", {}).get("values") or [])
             if isinstance(row, dict) and "display_name" in row and "inset" in row}
    assert names["LUX"].endswith("*") and not names["MLT"].endswith("*")


def test_each_asterisk_stands_against_its_own_state(study):
    spec = _map(study, "en")
    marks = {(row["iso3"], row["view"]): row for layer in _stars(spec)
             for row in layer["data"]["values"]}
    world = json.loads(WORLD)
    rings, _ = _map_lines(world)
    dots = {(row["iso3"], row["view"]): row for row in LAYOUT["dots"].iter_rows(named=True)}

    def land_at(view, x, y):
        lon, lat = equal_earth_inverse((x - view["translate"][0]) / view["scale"],
                                       (view["translate"][1] - y) / view["scale"],
                                       view.get("centre", 0.0))
        return {code for code, shape in rings.items() if inside(shape, lon, lat)}

    # A dot's mark touches the dot: Luxembourg's, Palestine's (its own dot, in the
    # Europe inset); the Pacific's marks go with their names.
    for key in (("LUX", "europe"), ("PSE", "europe")):
        mark, dot = marks[key], dots[key]
        if mark["x0"] is None:
            assert math.dist((mark["x"], mark["y"]), (dot["x"], dot["y"])) < 9.5, key
        else:  # kept off land, with a leader line from the dot
            assert (mark["x0"], mark["y0"]) == (dot["x"], dot["y"]), key
            assert math.dist((mark["x"], mark["y"]), (dot["x"], dot["y"])) < 16, key
    # Where there is sea around a State, its mark covers no other State's land:
    # Palestine's not Jordan or Syria, the Koreas' not China, Japan or each other.
    for key in (("PSE", "europe"), ("KOR", "map"), ("PRK", "map")):
        mark, view = marks[key], VIEWS[key[1]]
        covered = set().union(*(land_at(view, mark["x"] + dx, mark["y"] + dy)
                                for dx in (-4, 0, 4) for dy in (-4, 0, 4)))
        assert covered <= {key[0]}, (key, covered)
    # A mark put beside a shape has a leader line from the shape's middle.
    for key in (("KOR", "map"), ("PRK", "map")):
        assert marks[key]["x0"] is not None and key[0] in land_at(
            VIEWS[key[1]], marks[key]["x0"], marks[key]["y0"]), key
    assert marks[("IRN", "map")]["x0"] is None  # inside: Iran has room for it
    pointers = [layer for layer in spec["layer"] if layer["mark"].get("type") == "rule"
                and "from_lon" in str(layer["encoding"])]
    assert len(pointers) == 4


def test_territories_are_not_drawn_in_the_grey_of_unknown(study):
    spec = _map(study, "en")
    scale = spec["layer"][2]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    no_data = colours[load_labels("en")("map.no_data")]
    # The palette's background for land with no status, far lighter than "unknown".
    assert no_data == PALETTE["no_status"].colour
    assert no_data not in {PALETTE[k].colour for k in ("unknown", "present")}
    assert int(no_data[1:3], 16) - int(PALETTE["unknown"].colour[1:3], 16) >= 0x30
    # Outlined in a grey edge (not white like the States' borders): land, not sea.
    land = spec["layer"][1]
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


def test_the_insets_and_their_frames_stay_in_place_in_arabic(study):
    # The right-to-left mirror reverses x scales: the frames are pixel constants and
    # the asterisks are placed by longitude and latitude, so nothing moves.
    spec = _map(study, "ar")
    rects = [layer["encoding"] for layer in spec["layer"] if layer["mark"].get("type") == "rect"]
    expected = [(box[0], box[2]) for inset in INSETS.values()
                for box in (inset["box"], *inset["locators"])]
    assert [(e["x"]["value"], e["x2"]["value"]) for e in rects] == expected
    assert all("longitude" in layer["encoding"] and "x" not in layer["encoding"]
               for layer in _stars(spec))


def _names(spec):
    """Each drawn line of an inset's title or a State's name (the ink layers)."""
    return [row["line"] for layer in spec["layer"] if layer["mark"].get("type") == "text"
            and "stroke" not in layer["mark"]
            for row in (layer.get("data", {}).get("values") or []) if "line" in row]


@pytest.mark.parametrize("lang", label_languages())
def test_each_inset_has_its_title(study, lang):
    labels = load_labels(lang)
    text = " ".join(_names(_map(study, lang)))
    for inset in ("europe", "caribbean", "pacific"):
        title = labels(f"map.inset_{inset}")
        assert all(part in text for part in title.split(" ")), (lang, title)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Saint Lucia", "Tuvalu*", "Fiji", "Grenada", "Nauru"]),
    ("ar", ["دومينيكا"]), ("zh", ["瑙鲁"])])
def test_the_small_island_states_of_the_caribbean_and_pacific_insets_are_named(
        study, lang, expected):
    lines = _names(_map(study, lang))
    joined = " ".join(lines)
    for name in expected:
        assert name in joined, (lang, name)


@pytest.mark.parametrize("lang", label_languages())
def test_no_name_in_an_inset_overlaps_another_a_dot_or_its_frame(study, lang):
    from analysis.measure import text_width
    labels = load_labels(lang)
    spec = _map(study, lang)
    layout = LAYOUT
    for inset in ("caribbean", "pacific"):
        box = layout["insets"][inset]["box"]
        lines = []
        for layer in spec["layer"]:
            projection = layer.get("projection", {})
            if (layer["mark"].get("type") != "text" or "stroke" in layer["mark"]
                    or projection.get("translate") != layout["insets"][inset]["translate"]):
                continue
            view = {"translate": projection["translate"], "scale": projection["scale"],
                    "centre": -projection["rotate"][0]}
            for row in layer["data"]["values"]:
                x, y = _px(row["lon"], row["lat"], view)
                half = text_width(row["line"], 11, labels.font) / 2
                lines.append((row["line"], (x - half, y - 6.5, x + half, y + 6.5)))
        # The title and at least a name for each State.
        assert len(lines) >= 9, (lang, inset)
        dots = layout["named"].filter(pl.col("view") == inset)
        for text, (x0, y0, x1, y1) in lines:
            assert box[0] < x0 and x1 < box[2] and box[1] < y0 and y1 < box[3], (lang, text)
            for code, dx0, dy0, dx1, dy1 in dots.select(
                    "iso3", "x0", "y0", "x1", "y1").iter_rows():
                assert x1 <= dx0 or dx1 <= x0 or y1 <= dy0 or dy1 <= y0, (lang, text, code)
        for (a, p), (b, q) in itertools.combinations(lines, 2):
            assert (p[2] <= q[0] + 0.01 or q[2] <= p[0] + 0.01 or p[3] <= q[1] + 0.01
                    or q[3] <= p[1] + 0.01), (lang, a, b)
