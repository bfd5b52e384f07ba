"""The status map: each State's standing on a date, and the layout the map is drawn on.

TopoJSON shapes and points decoded, the Equal Earth projection fitted to the canvas,
the small States' dots pushed apart, then the map itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.layout import _PADDING, _SLACK, WIDTH, _balanced, _legend_columns
from analysis.charts.theme import INK, _data, _display_names, _finish, _set, _tip, palette_labels
from analysis.geo import (
    NAME_LINE,
    centroid,
    equal_earth,
    equal_earth_inverse,
    in_window,
    inset_boxes,
    inside,
    map_lines,
    place_names,
    polygon_parts,
    signed_area,
    spread,
    topology_points,
    window_box,
)
from analysis.measure import text_width, wrap
from analysis.vocabulary import ADHERENCE, PALETTE, Labels

_TINY = 8.0  # px²: a shape this small is mostly outline; the State gets a dot too
_TINY_INSET = 30.0  # px²: in an inset, a shape under this still gets a dot (Luxembourg)
_SMALL = 40.0  # px²: under this, the attendance outline is a ring outside the shape
_STAR_DY = 3  # px: the asterisk glyph sits this far above its line's middle
_AGAINST = 9.5  # px: a mark this close to its dot needs no leader line
_STAR_ROOM = 150.0  # px²: a marked shape smaller than this has its mark beside it
_DOT = 22  # a small State's dot: its area in px² (about 5.3 px across)
_RING = 56  # the dark ring under an attending small State's dot (about 8.4 px across)
_DOTS_APART = 8.5  # px: the side of a dot's box (its ring and a pixel): boxes never touch
_MARGIN = 6.0  # px at the sides
_GAP = 8.0  # px between the map and the insets, and between two insets
# The insets, in a band under the map where they hide nothing: (name, the window they
# enlarge as west, south, east, north in degrees (east may pass 180), its central
# meridian): Europe with the eastern Mediterranean (Cyprus, Lebanon, Israel, the State
# of Palestine), the Eastern Caribbean, the Pacific island States. A State in a window
# is drawn there, and is not dotted on the map.
INSETS: tuple[tuple[str, tuple[float, float, float, float], float], ...] = (
    ("europe", (-11.0, 29.0, 42.0, 60.0), 0.0),
    ("caribbean", (-67.0, 9.8, -55.6, 19.7), 0.0),
    ("pacific", (124.0, -24.0, 205.0, 14.0), 164.5),
)
# The insets whose States are named (their island States are not told apart by place).
NAMED_INSETS = ("caribbean", "pacific")


@functools.lru_cache(maxsize=4)
def map_layout(topology: str, width: float) -> dict:
    """Where the status map puts the world, its insets and the small States' dots.

    The projection is fitted to the shapes, the dots and the globe's edge (Antarctica
    is not drawn), so the map fills the width with no blank band and the Arctic coast
    stands under the globe's drawn edge rather than against the frame. Under it, a band
    of insets (``INSETS``: Europe and the eastern Mediterranean, the Caribbean, the
    Pacific island States) enlarges the crowded regions, each with a locator frame on
    the map; the dots of States in a window are drawn in its inset only. Dots that
    would overlap at their scale are pushed apart (``spread``) and keep a leader line
    to their place.

    Returns:
        ``scale``, ``translate``, ``map_height`` (the world's) and ``height`` (with the
        insets); ``insets``: by name, each view's ``scale``, ``translate``,
        ``centre`` (its central meridian), ``box`` (x0, y0, x1, y1 in px),
        ``locators`` (its window's boxes on the map: two if it crosses 180°) and
        ``enlarged`` (States that are dots on the map's scale and shapes in the inset's);
        ``dots``, a frame ``iso3, lon, lat, view, inset, x, y, dot_lon, dot_lat`` (place,
        which view (``map`` or an inset's name), where the dot is drawn); ``small``, the
        shapes under 40 px²; ``tiny``, those under 8 px² (dotted too); ``parts``, GeoJSON
        features of every polygon under 40 px² in each view (``properties.view``);
        ``anchors``, where a State's own mark goes in each view; ``boundaries``. The same
        in every language: made once per topology and width, shared (do not change it).

    Example:
        >>> world = ('{"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [], '
        ...          '"objects": {"countries": {"geometries": []}, "small_states": '
        ...          '{"geometries": [{"type": "Point", "id": "KNA", "coordinates": '
        ...          '[-62.7, 17.3]}, {"type": "Point", "id": "CPV", "coordinates": '
        ...          '[-23.6, 15.1]}]}}}')
        >>> layout = map_layout(world, 700)
        >>> layout["dots"].select("iso3", "view").rows()
        [('KNA', 'caribbean'), ('CPV', 'map')]
    """
    world = json.loads(topology)
    rings, boundaries = map_lines(world)
    polygons = polygon_parts(world)
    dots = pl.DataFrame(topology_points(world, "small_states"), orient="row",
                        schema={"iso3": pl.String, "lon": pl.Float64, "lat": pl.Float64})
    projected = {code: [[equal_earth(lon, lat) for lon, lat in ring] for ring in shape]
                 for code, shape in rings.items()}
    places = [equal_earth(lon, lat) for lon, lat in dots.select("lon", "lat").iter_rows()]
    xs = [x for shape in projected.values() for ring in shape for x, _ in ring]
    ys = [y for shape in projected.values() for ring in shape for _, y in ring]
    xs += [x for x, _ in places]
    ys += [y for _, y in places]
    if len(set(xs)) < 2 or len(set(ys)) < 2:  # nothing to fit to: the whole world
        xs, ys = [0.0], [0.0]
    # The globe's edge from the southernmost land up to the pole line: the map is
    # fitted to it, so its drawn edge frames the Arctic (flat in Equal Earth).
    south = min(-60.0, *(equal_earth_inverse(0.0, y)[1] for y in ys))
    edge = [equal_earth(lon, south + (90 - south) * i / 60) for i in range(61)
            for lon in (-180.0, 180.0)]
    xs += [x for x, _ in edge]
    ys += [y for _, y in edge if y >= min(ys)]
    scale = (width - 2 * _MARGIN) / (max(xs) - min(xs))
    translate = (_MARGIN - min(xs) * scale, _MARGIN + max(ys) * scale)
    map_height = (max(ys) - min(ys)) * scale + 2 * _MARGIN
    boxes = inset_boxes(INSETS, width, map_height + _GAP, _MARGIN, _GAP)
    height = max(box[3] for box in boxes.values()) + _MARGIN / 2

    def px(point: tuple[float, float], view: dict) -> tuple[float, float]:
        return (view["translate"][0] + point[0] * view["scale"],
                view["translate"][1] - point[1] * view["scale"])

    main = {"scale": scale, "translate": list(translate), "centre": 0.0}
    views: dict[str, dict] = {"map": main}
    windows = {}
    for name, window, centre in INSETS:
        wx0, _, wx1, wy1 = window_box(window, centre)
        bx0, by0, bx1, _ = boxes[name]
        unit = (bx1 - bx0) / (wx1 - wx0)
        # The window's boxes on the map, cut at 180° where it crosses it.
        lon0, lat0, lon1, lat1 = window
        pieces = [window] if lon1 <= 180 else [(lon0, lat0, 180.0, lat1),
                                               (-180.0, lat0, lon1 - 360, lat1)]
        locators = []
        for piece in pieces:
            x0, y0, x1, y1 = window_box(piece, 0.0)
            locators.append([translate[0] + x0 * scale, translate[1] - y1 * scale,
                             translate[0] + x1 * scale, translate[1] - y0 * scale])
        views[name] = {"scale": unit, "translate": [bx0 - wx0 * unit, by0 + wy1 * unit],
                       "centre": centre, "box": boxes[name], "locators": locators,
                       "zoom": unit / scale}
        windows[name] = window

    def view_of(lon: float, lat: float) -> str:
        return next((name for name, window in windows.items()
                     if in_window(lon, lat, window)), "map")

    areas = {code: sum(abs(signed_area(ring)) for ring in shape) * scale * scale
             for code, shape in projected.items()}
    kinds = {g["id"]: (g.get("properties") or {}).get("kind") for g in world["objects"]
             ["countries"]["geometries"]}
    # States whose shape is a few pixels (Luxembourg, Lebanon...) get a dot too, at
    # their largest ring's centroid, so their colour shows.
    tiny = sorted(code for code, area in areas.items()
                  if 0 < area < _TINY and kinds[code] != "territory")
    middles = {code: equal_earth_inverse(*centroid(max(shape, key=lambda r: abs(
        signed_area(r))))) for code, shape in projected.items() if shape}
    dots = pl.concat([dots, pl.DataFrame(
        {"iso3": tiny, "lon": [round(middles[c][0], 4) for c in tiny],
         "lat": [round(middles[c][1], 4) for c in tiny]}, schema=dots.schema)])
    dots = dots.with_columns(view=pl.Series(
        [view_of(lon, lat) for lon, lat in dots.select("lon", "lat").iter_rows()],
        dtype=pl.String))
    # A tiny State in a window is dotted in the inset only if it is small there too.
    zoom = {name: view["zoom"] for name, view in views.items() if name != "map"}
    keep = [row["view"] == "map" or row["iso3"] not in tiny
            or areas[row["iso3"]] * zoom[row["view"]] ** 2 < _TINY_INSET
            for row in dots.iter_rows(named=True)]
    kept = pl.Series(keep, dtype=pl.Boolean)
    enlarged = dots.filter(~kept)
    dots = dots.filter(kept)
    xy: dict[int, tuple[float, float]] = {}
    for name, view in views.items():
        index = [i for i, v in enumerate(dots["view"]) if v == name]
        at = [px(equal_earth(dots["lon"][i], dots["lat"][i], view["centre"]), view)
              for i in index]
        xy |= dict(zip(index, spread(at, _DOTS_APART), strict=True))

    def back(name: str, x: float, y: float) -> tuple[float, float]:
        view = views[name]
        return equal_earth_inverse((x - view["translate"][0]) / view["scale"],
                                   (view["translate"][1] - y) / view["scale"], view["centre"])

    returned = [back(v, *xy[i]) for i, v in enumerate(dots["view"])]
    parts = [{"type": "Feature", "id": code, "properties": {"view": name},
              "geometry": {"type": "Polygon", "coordinates": [
                  [[round(lon, 4), round(lat, 4)] for lon, lat in ring] for ring in polygon]}}
             for name, view in views.items()
             for code, shape in polygons.items() if kinds[code] != "territory"
             for polygon in shape
             if 0 < abs(signed_area([equal_earth(*p) for p in polygon[0]])) * (
                 view["scale"]) ** 2 < _SMALL
             and (name == "map" or any(in_window(*p, windows[name]) for p in polygon[0]))]
    # Where a marked State's asterisk goes: inside a shape with room for it, else the
    # first place around its dot or shape (east, west, north, south, then the corners)
    # where the mark covers no land, so it never reads as a neighbour's.
    extent = {code: (min(p[0] for r in shape for p in r), min(p[1] for r in shape for p in r),
                     max(p[0] for r in shape for p in r), max(p[1] for r in shape for p in r))
              for code, shape in rings.items() if shape}

    def on_land(lon: float, lat: float, own: str) -> bool:
        """Whether a place is on another State's (or territory's) land."""
        return any(code != own and x0 <= lon <= x1 and y0 <= lat <= y1
                   and inside(rings[code], lon, lat)
                   for code, (x0, y0, x1, y1) in extent.items())

    def beside(own: str, name: str, x: float, y: float, half_x: float, half_y: float
               ) -> tuple[float, float]:
        away_x, away_y = half_x + 6.5, half_y + 7.5
        # Against the State first; if that covers land, a little further out (the
        # mark then gets a leader line).
        for reach in (1.0, 1.6):
            side_x, side_y = reach * away_x, reach * away_y
            corner_x, corner_y = 0.75 * side_x, 0.75 * side_y  # as close as the sides
            for dx, dy in [(side_x, 0), (-side_x, 0), (0, -side_y), (0, side_y),
                           (corner_x, -corner_y), (-corner_x, -corner_y),
                           (corner_x, corner_y), (-corner_x, corner_y)]:
                cx, cy = x + dx, y + dy
                if not 4 <= cx <= width - 4:
                    continue
                if not any(on_land(*back(name, cx + ex, cy + ey), own)
                           for ex in (-4, 0, 4) for ey in (-4, 0, 4)):
                    return cx, cy
        dx = away_x if x + away_x <= width - 4 else -away_x
        return x + dx, y

    anchor_rows = []
    for code, middle in middles.items():
        largest = max(rings[code], key=lambda r: abs(signed_area([equal_earth(*q) for q in r])))
        for name, view in views.items():
            if name != "map" and not in_window(*middle, windows[name]):
                continue
            x, y = px(equal_earth(*middle, view["centre"]), view)
            area = areas[code] * (view["scale"] / scale) ** 2
            edge = [px(equal_earth(*p, view["centre"]), view) for p in largest]
            mark = (x, y) if area >= _STAR_ROOM else beside(
                code, name, x, y, max(abs(ex - x) for ex, _ in edge),
                max(abs(ey - y) for _, ey in edge))
            anchor_rows.append((code, name, x, y, *mark))
    anchors = pl.DataFrame(anchor_rows, schema={
        "iso3": pl.String, "view": pl.String, "x": pl.Float64, "y": pl.Float64,
        "mark_x": pl.Float64, "mark_y": pl.Float64}, orient="row")
    # The States named in an inset: its dots, and the States drawn whole in its window
    # (Trinidad and Tobago, the Solomon Islands, Fiji), each with its box in px.
    named_rows = []
    for name in NAMED_INSETS:
        view = views[name]
        dotted = [(code, *xy[i]) for i, (code, v) in enumerate(
            dots.select("iso3", "view").iter_rows()) if v == name]
        half = _DOTS_APART / 2
        named_rows += [(code, name, x, y, x - half, y - half, x + half, y + half)
                       for code, x, y in dotted]
        for code, shape in rings.items():
            if (kinds[code] == "territory" or not shape or code in {c for c, *_ in dotted}
                    or not all(in_window(*p, windows[name]) for r in shape for p in r)):
                continue
            edge = [px(equal_earth(*p, view["centre"]), view) for r in shape for p in r]
            x0, y0 = min(x for x, _ in edge), min(y for _, y in edge)
            x1, y1 = max(x for x, _ in edge), max(y for _, y in edge)
            named_rows.append((code, name, (x0 + x1) / 2, (y0 + y1) / 2, x0, y0, x1, y1))
    named = pl.DataFrame(named_rows, schema={
        "iso3": pl.String, "view": pl.String, "x": pl.Float64, "y": pl.Float64,
        "x0": pl.Float64, "y0": pl.Float64, "x1": pl.Float64, "y1": pl.Float64},
        orient="row").sort("view", "iso3")
    dot_marks = [beside(code, v, *xy[i], 1.5, 1.5)
                 for i, (code, v) in enumerate(dots.select("iso3", "view").iter_rows())]
    return {"scale": scale, "translate": list(translate), "height": height,
            "map_height": map_height, "boundaries": boundaries, "tiny": tiny,
            "parts": parts, "anchors": anchors, "named": named,
            "small": sorted(code for code, area in areas.items() if _TINY <= area < _SMALL),
            "insets": {name: {**{k: v for k, v in view.items() if k != "zoom"},
                              "enlarged": sorted(enlarged.filter(pl.col("view") == name)
                                                 ["iso3"])}
                       for name, view in views.items() if name != "map"},
            "dots": dots.with_columns(
                inset=pl.col("view") != "map",
                x=pl.Series([xy[i][0] for i in range(dots.height)], dtype=pl.Float64),
                y=pl.Series([xy[i][1] for i in range(dots.height)], dtype=pl.Float64),
                dot_lon=pl.Series([round(lon, 4) for lon, _ in returned], dtype=pl.Float64),
                dot_lat=pl.Series([round(lat, 4) for _, lat in returned], dtype=pl.Float64),
                mark_x=pl.Series([x for x, _ in dot_marks], dtype=pl.Float64),
                mark_y=pl.Series([y for _, y in dot_marks], dtype=pl.Float64))}


# Territories that are not States: the palette's near-white background (much lighter
# than the grey of "unknown"), with a grey edge so they read as land with no status.
_NO_DATA = PALETTE["no_status"].colour
_NO_DATA_EDGE = "#8C8C8C"


def _marks(layout: dict, dots: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """``iso3, view, x, y, x0, y0``: each marked State's asterisk and its leader's start.

    ``x, y`` is the asterisk's place (px on the canvas), ``x0, y0`` where its leader
    line starts (null where none is needed).

    Against the State's dot (``map_layout``'s ``mark_x, mark_y``; a leader line if
    land kept it further out); inside a shape with room for it; beside a smaller
    shape, with a leader line from its middle. A State
    shown in an inset is marked there as well.

    Example:
        >>> layout = {"anchors": pl.DataFrame({"iso3": ["IRN", "KOR"], "view": ["map", "map"],
        ...           "x": [450.0, 600.0], "y": [90.0, 80.0], "mark_x": [450.0, 609.0],
        ...           "mark_y": [90.0, 80.0]})}
        >>> dots = pl.DataFrame({"iso3": ["LUX"], "view": ["europe"], "x": [88.0],
        ...                      "y": [242.5], "mark_x": [96.0], "mark_y": [242.5]})
        >>> for row in _marks(layout, dots, ["LUX", "IRN", "KOR"]).rows():
        ...     print(row)
        ('LUX', 'europe', 96.0, 242.5, None, None)
        ('IRN', 'map', 450.0, 90.0, None, None)
        ('KOR', 'map', 609.0, 80.0, 600.0, 80.0)
    """
    far = ((pl.col("mark_x") - pl.col("x")) ** 2 + (pl.col("mark_y") - pl.col("y")) ** 2
           ) > _AGAINST ** 2
    at_dots = dots.filter(pl.col("iso3").is_in(codes)).select(
        "iso3", "view", x="mark_x", y="mark_y", x0=pl.when(far).then(pl.col("x")),
        y0=pl.when(far).then(pl.col("y")))
    shapes = layout["anchors"].filter(pl.col("iso3").is_in(codes)
                                      & ~pl.col("iso3").is_in(dots["iso3"].implode()))
    inside_shape = (pl.col("mark_x") == pl.col("x")) & (pl.col("mark_y") == pl.col("y"))
    at_shapes = shapes.select(
        "iso3", "view", x="mark_x", y="mark_y",
        x0=pl.when(inside_shape).then(None).otherwise(pl.col("x")),
        y0=pl.when(inside_shape).then(None).otherwise(pl.col("y")))
    return pl.concat([at_dots, at_shapes])


_NAME_SIZE = 11  # px: the figure's smallest text


def name_forms(name: str, labels: Labels) -> list[list[str]]:
    """A State's name on one line, then on two and on three, each as even as it can be.

    Lines break at a space, or after a hyphen ("Saint-Vincent-|et-les-Grenadines"); a
    name with neither (Chinese) between two characters (``_balanced``). Three lines are
    for a long name beside a crowded dot ("Saint Vincent and the Grenadines").

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> name_forms("Saint-Kitts-et-Nevis", load_labels("fr"))[1]
        ['Saint-Kitts-', 'et-Nevis']
        >>> name_forms("Fiji", load_labels("en"))
        [['Fiji']]
    """
    # Break points: after a space (dropped) or a hyphen (kept with its line).
    cuts = [(i, i + 1) for i, c in enumerate(name) if c == " "] + [
        (i + 1, i + 1) for i, c in enumerate(name[:-1]) if c == "-" and name[i + 1] != " "]
    if not cuts:
        two = _balanced(name, text_width(name, _NAME_SIZE, labels.font) * 0.6, _NAME_SIZE,
                        labels)
        return [[name]] + ([two] if len(two) == 2 else [])
    cuts.sort()

    def wide(lines: list[str]) -> float:
        return max(text_width(line, _NAME_SIZE, labels.font) for line in lines)
    twos = [[name[:a], name[b:]] for a, b in cuts]
    threes = [[name[:a], name[b:c], name[d:]] for (a, b), (c, d) in
              itertools.combinations(cuts, 2)]
    return [[name], min(twos, key=wide)] + ([min(threes, key=wide)] if threes else [])


def status_map_chart(status: pl.DataFrame, attendance: pl.DataFrame, names: pl.DataFrame,
                     topology: str, *, as_of: dt.date, meeting_date: dt.date, source: str,
                     labels: Labels, meeting_end: dt.date | None = None,
                     basis: pl.DataFrame | None = None) -> alt.LayerChart:
    """World map of each State's standing on a date; states that attended are outlined.

    States that are not Protocol parties are split as in the gap figure (signatory,
    Convention party only, neither). States are drawn as the UN counts them
    (``reference.load_world_topology``): a shape each, or a dot in the standing colour
    for a State too small to draw at this scale (``map_layout``: dots pushed apart where
    they would overlap). The special boundaries are drawn in the UN's dashes over the
    shapes. One legend block under the map explains every mark: the standing colours,
    the light grey of territories that are not States, and the dark outline of the
    States that attended the meeting. Under it, the UN's standard notes and the full
    disclaimer, last.

    Args:
        status: ``participation.adherence`` on ``as_of`` (``iso3, membership, adherence``).
        attendance: ``parse_attendance`` output.
        names: ``entity_id, name`` in the label language.
        topology: TopoJSON text with a ``countries`` object of shapes and a
            ``small_states`` object of points, both keyed by ISO alpha-3 code
            (``reference.load_world_topology``); it goes into the spec as it is.
        as_of: The status date (for the title).
        meeting_date: For the subtitle.
        source: The source line.
        labels: The label language.
        meeting_end: The meeting's last day, if the report states it.
        basis: ``tables.provenance`` on ``as_of``: what each State's status rests on,
            a line of its tooltip.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> topology = ('{"type": "Topology", "arcs": [], "objects": {"countries": '
        ...             '{"type": "GeometryCollection", "geometries": []}, "small_states": '
        ...             '{"type": "GeometryCollection", "geometries": []}}}')
        >>> chart = status_map_chart(
        ...     pl.DataFrame({"iso3": ["FRA"], "adherence": ["protocol_party"],
        ...                   "membership": ["member"]}),
        ...     pl.DataFrame({"iso3": ["FRA"]}),
        ...     pl.DataFrame({"entity_id": ["FRA"], "name": ["France"]}), topology,
        ...     as_of=dt.date(2024, 5, 4), meeting_date=dt.date(2020, 7, 16), source="x",
        ...     labels=load_labels("en"))
        >>> chart.to_dict()["layer"][-1]["mark"]["type"]
        'text'
    """
    present = attendance.select("iso3").drop_nulls()
    basis = basis if basis is not None else pl.DataFrame(
        schema={"entity_id": pl.String, "basis": pl.String})
    came = labels("map.attended", meeting=labels.days(meeting_date, meeting_end))
    width = WIDTH + 80
    layout = map_layout(topology, width)
    # The names come with the mark of a status resting on an inference or a secondary
    # source (``figures.starred``): those States carry it on the map too.
    mark = labels("provenance.mark")
    records = (status.join(_display_names(names, "iso3"), on="iso3", how="left")
               .with_columns(
                   status_label=pl.col("adherence").replace_strict(
                       palette_labels(ADHERENCE, labels)),
                   attended=pl.col("iso3").is_in(present["iso3"].implode()),
                   small_shape=pl.col("iso3").is_in([*layout["small"], *layout["tiny"]]),
                   marked=pl.col("display_name").str.ends_with(mark).fill_null(False))
               .with_columns(outline=pl.when(pl.col("attended")).then(pl.lit(came))
                             .otherwise(pl.lit("")),
                             attended_text=pl.col("attended").cast(pl.String).replace_strict(
                                 labels.keys_of("attended", ["true", "false"])))
               .join(basis.select(iso3="entity_id", basis_text=pl.col("basis").replace_strict(
                   {b: labels(f"basis.{b}") for b in basis["basis"].unique()},
                   return_dtype=pl.String)), on="iso3", how="left")
               .with_columns(pl.col("basis_text").fill_null(labels("basis.depositary")),
                             day=pl.lit(labels.date(as_of)))
               .select("iso3", "display_name", "status_label", "attended", "small_shape",
                       "marked", "outline", "attended_text", "basis_text", "day"))
    # The topology goes in once, as one string Vega-Lite parses, for the layers that
    # draw shapes (Altair copies one value, not every coordinate of the world).
    shapes = alt.InlineData(values=topology,
                            format=alt.DataFormat(type="topojson", feature="countries"))
    status_of = alt.LookupData(data=_data(records), key="iso3",
                               fields=["display_name", "status_label", "attended",
                                       "small_shape", "outline", "attended_text",
                                       "basis_text", "day"])
    # Territories that are not States share the status legend as their own entry:
    # near-white, outlined in grey, so it never reads as the grey of "unknown".
    no_data = labels("map.no_data")
    shown = [a for a in ADHERENCE if a in set(status["adherence"])]
    colours = {labels(PALETTE[k].label): PALETTE[k].colour for k in shown} | {
        no_data: _NO_DATA}
    colour_scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    dark = PALETTE["attended"].outline
    # One legend block under the map: the colours, then the outline's single entry,
    # placed by hand (orient "none") so the notes and the disclaimer can come after it.
    columns = _legend_columns(list(colours), width, labels)
    rows = -(-len(colours) // columns)
    top = layout["height"] + 6
    # In a right-to-left legend each label hangs left of its symbol (``direction``),
    # so the block is placed by its symbols: the rightmost column's at the right edge,
    # the columns a label, a symbol and a gap apart (as Vega lays them out).
    step = max(text_width(entry, 11, labels.font) for entry in colours) + 30
    left = direction.start_x(labels, width, (columns - 1) * step, 11)
    area_legend = alt.Legend(symbolType="square", symbolStrokeColor="#888888",
                             symbolStrokeWidth=0.6, orient="none", legendX=left,
                             legendY=top)
    outline_scale = alt.Scale(domain=[came, ""], range=[dark, "#FFFFFF"])
    outline_legend = alt.Legend(orient="none", values=[came], symbolType="square",
                                symbolFillColor="#FFFFFF", symbolStrokeWidth=1.5,
                                symbolSize=160, legendY=top + rows * 14 + 4,
                                legendX=direction.start_x(
                                    labels, width, text_width(came, 11, labels.font), 47))
    tips = [_tip("display_name:N", "pending.state", labels),
            _tip("day:N", "axis.date", labels),
            _tip("status_label:N", "tooltip.adherence", labels),
            _tip("attended_text:N", "tooltip.attendance", labels),
            _tip("basis_text:N", "tooltip.basis", labels)]
    colour = alt.Color("status_label:N", title=None, scale=colour_scale, legend=area_legend)
    dot_data = layout["dots"].join(records, on="iso3", how="inner")
    stars = _marks(layout, dot_data, records.filter("marked")["iso3"].to_list())
    # Each inset's title in its top corner at the start of a line; the States of the
    # named insets by name (their mark of an inferred status goes with the name).
    titles, names_drawn = [], []
    for name, inset in layout["insets"].items():
        bx0, by0, bx1, _ = inset["box"]
        text, room = labels({"europe": "map.inset_europe", "caribbean": "map.inset_caribbean",
                             "pacific": "map.inset_pacific"}[name]), bx1 - bx0 - 8
        lines = ([text] if text_width(text, _NAME_SIZE, labels.font) <= room
                 else _balanced(text, room, _NAME_SIZE, labels))
        wide = max(text_width(line, _NAME_SIZE, labels.font) for line in lines)
        left = bx0 + 4 + direction.start_x(labels, room, wide)
        titles += [(name, line, left + wide / 2, by0 + 2 + NAME_LINE * (i + 0.5))
                   for i, line in enumerate(lines)]
        title_box = (left - 1, by0, left + wide + 1, by0 + 2 + NAME_LINE * len(lines) + 1)
        if name not in NAMED_INSETS:
            continue
        here = layout["named"].filter(pl.col("view") == name)
        shown = dict(records.filter(pl.col("iso3").is_in(here["iso3"].implode()))
                     .select("iso3", "display_name").iter_rows())
        here = here.filter(pl.col("iso3").is_in(list(shown)))
        forms = {code: name_forms(full, labels) for code, full in shown.items()}
        widths = {code: [max(text_width(line, _NAME_SIZE, labels.font) for line in form)
                         for form in form_list] for code, form_list in forms.items()}
        names_drawn += [(*row, name) for row in place_names(
            here.select("iso3", "x", "y", "x0", "y0", "x1", "y1").rows(), inset["box"],
            [title_box], forms, widths)]
    named_lines = pl.DataFrame(names_drawn, orient="row", schema={
        "iso3": pl.String, "line": pl.String, "x": pl.Float64, "y": pl.Float64,
        "x0": pl.Float64, "y0": pl.Float64, "x1": pl.Float64, "y1": pl.Float64,
        "view": pl.String})
    title_rows = pl.DataFrame(titles, schema={
        "view": pl.String, "line": pl.String, "x": pl.Float64, "y": pl.Float64}, orient="row")
    stars = stars.join(named_lines.select("iso3", "view").unique(), on=["iso3", "view"],
                       how="anti")
    # The world, clipped under the map so the globe's edge stops there; each inset,
    # about its own central meridian (the Pacific's is near 180°), clipped to its box.
    views = {"map": {"type": "equalEarth", "scale": layout["scale"],
                     "translate": layout["translate"],
                     "clipExtent": [[0, 0], [width, layout["map_height"]]]}} | {
        name: {"type": "equalEarth", "scale": inset["scale"], "translate": inset["translate"],
               "rotate": [-inset["centre"], 0, 0],
               "clipExtent": [inset["box"][:2], inset["box"][2:]]}
        for name, inset in layout["insets"].items()}
    centres = {"map": 0.0} | {name: inset["centre"] for name, inset in layout["insets"].items()}

    def view_layers(name: str) -> list[alt.Chart]:
        """The map's layers for the world (``map``) or one inset."""
        projection = alt.Projection(**views[name])
        land = alt.Chart().mark_geoshape(
            clip=False, stroke=_NO_DATA_EDGE, strokeWidth=0.5).encode(
            color=alt.Color("no_data:N", title=None, scale=colour_scale, legend=area_legend),
        ).transform_calculate(no_data=json.dumps(no_data)).transform_filter(
            "datum.properties.kind == 'territory'")
        # The attendance outline is drawn on the State's edge, except around the
        # parts that are mostly edge at this scale: a State all of whose parts are
        # small (Lebanon) gets it as a ring around them under a second fill; a small
        # part of a larger State (Hawaii) gets none, its second fill drawn a little
        # wider in its own colour so the State's edge never covers it.
        states = alt.Chart().mark_geoshape(clip=False).transform_lookup(
            lookup="id", from_=status_of,
        ).transform_filter("isValid(datum.status_label)").encode(
            color=colour,
            stroke=alt.Stroke("outline:N", title=None, scale=outline_scale,
                              legend=outline_legend),
            strokeWidth=alt.condition("datum.attended && !datum.small_shape",
                                      alt.value(1.1), alt.value(0.3)),
            tooltip=tips,
        )
        parts = alt.Chart(_data([f for f in layout["parts"] if f["properties"]["view"] == name])
                          ).transform_lookup(lookup="id", from_=status_of).transform_filter(
            "isValid(datum.status_label)")
        ring = parts.mark_geoshape(clip=False, filled=False, stroke=dark, strokeWidth=2.2
                                   ).transform_filter("datum.attended && datum.small_shape")
        refill = parts.mark_geoshape(clip=False, strokeWidth=0).encode(color=colour,
                                                                         tooltip=tips)
        # (An unfilled geoshape takes its colour as its stroke: the same scale.)
        widen = parts.mark_geoshape(clip=False, filled=False, strokeWidth=1.4).encode(
            color=colour).transform_filter("!datum.small_shape")
        # Special boundaries: a white line cutting the attendance outline there, then
        # the line in its UN style (dashed, or dotted for the Line of Control).
        lines = _data(layout["boundaries"])
        erase = alt.Chart(lines).mark_geoshape(clip=False, filled=False, stroke="#FFFFFF",
                                               strokeWidth=1.8)
        dashed = alt.Chart(lines).mark_geoshape(
            clip=False, filled=False, stroke="#333333", strokeWidth=0.9, strokeDash=[3, 2]
        ).transform_filter("datum.properties.style == 'dashed'")
        dotted = alt.Chart(lines).mark_geoshape(
            clip=False, filled=False, stroke="#333333", strokeWidth=1.1,
            strokeDash=[0.1, 2.2], strokeCap="round"
        ).transform_filter("datum.properties.style == 'dotted'")
        # States too small for a shape: a dot in the standing colour, with a dark ring
        # under it if the State attended (the ring never covers the colour). Dots that
        # would overlap are pushed apart, with a leader line to their place.
        here = _data(dot_data.filter(pl.col("view") == name))
        leaders = alt.Chart(here).mark_rule(
            clip=False, color="#777777", strokeWidth=0.5).encode(
            longitude="lon:Q", latitude="lat:Q", longitude2="dot_lon:Q",
            latitude2="dot_lat:Q")
        dot_rings = alt.Chart(here).mark_circle(
            clip=False, size=_RING, opacity=1, color=dark).encode(
            longitude="dot_lon:Q", latitude="dot_lat:Q").transform_filter("datum.attended")
        dots = alt.Chart(here).mark_circle(
            clip=False, size=_DOT, opacity=1, stroke="#FFFFFF", strokeWidth=0.4).encode(
            longitude="dot_lon:Q", latitude="dot_lat:Q", color=colour, tooltip=tips)
        # A status resting on an inference or a secondary source: its mark against
        # the State's dot, inside its shape, or beside a small shape with a leader
        # line (a white halo first). Placed by longitude and latitude, so the
        # right-to-left mirror leaves them where they are.
        view = views[name]

        def where(x: float, y: float) -> tuple[float, float]:
            return equal_earth_inverse((x - view["translate"][0]) / view["scale"],
                                       (view["translate"][1] - y) / view["scale"],
                                       centres[name])

        marked = stars.filter(pl.col("view") == name)
        at = [where(x, y) for x, y in marked.select("x", "y").iter_rows()]
        start = [where(x0, y0) if x0 is not None else (None, None)
                 for x0, y0 in marked.select("x0", "y0").iter_rows()]
        # The leader stops short of the mark, 5 px from its middle toward the State.
        stop = [where(x - 5 * (x - x0) / d, y - 5 * (y - y0) / d)
                if x0 is not None and (d := math.hypot(x - x0, y - y0)) > 5 else where(x, y)
                for x, y, x0, y0 in marked.select("x", "y", "x0", "y0").iter_rows()]
        star_data = _data(marked.with_columns(
            lon=pl.Series([round(lon, 4) for lon, _ in at], dtype=pl.Float64),
            lat=pl.Series([round(lat, 4) for _, lat in at], dtype=pl.Float64),
            from_lon=pl.Series([None if lon is None else round(lon, 4) for lon, _ in start],
                               dtype=pl.Float64),
            from_lat=pl.Series([None if lat is None else round(lat, 4) for _, lat in start],
                               dtype=pl.Float64),
            to_lon=pl.Series([round(lon, 4) for lon, _ in stop], dtype=pl.Float64),
            to_lat=pl.Series([round(lat, 4) for _, lat in stop], dtype=pl.Float64),
            text=pl.lit(mark)))
        pointers = alt.Chart(star_data).mark_rule(
            clip=False, color=INK, strokeWidth=0.7).encode(
            longitude="from_lon:Q", latitude="from_lat:Q", longitude2="to_lon:Q",
            latitude2="to_lat:Q").transform_filter("isValid(datum.from_lon)")
        # The asterisk sits high in its line: dy brings its middle to the point.
        starred = alt.Chart(star_data).mark_text(
            # clip=False: a clipped mark gets a clip id Vega counts across the renders of
            # one worker, so the SVG would depend on what that worker drew before.
            clip=False, fontSize=12, fontWeight="bold", color=INK, stroke="#FFFFFF",
            strokeWidth=1.6, baseline="middle", align="center", dy=_STAR_DY).encode(
            longitude="lon:Q", latitude="lat:Q", text="text:N")
        ink = starred.mark_text(clip=False, fontSize=12, fontWeight="bold", color=INK,
                                baseline="middle", align="center", dy=_STAR_DY)
        # The inset's title and its States' names: 11 px, on a white halo over land,
        # centred on their place (the right-to-left mirror leaves them there).
        texts = pl.concat([title_rows.filter(pl.col("view") == name),
                           named_lines.filter(pl.col("view") == name).select(
                               "view", "line", "x", "y")])
        placed = [where(x, y) for x, y in texts.select("x", "y").iter_rows()]
        text_data = _data(texts.select("line").with_columns(
            lon=pl.Series([round(lon, 4) for lon, _ in placed], dtype=pl.Float64),
            lat=pl.Series([round(lat, 4) for _, lat in placed], dtype=pl.Float64)))
        halo = alt.Chart(text_data).mark_text(
            clip=False, fontSize=_NAME_SIZE, color=INK, stroke="#FFFFFF", strokeWidth=2.6,
            strokeJoin="round", baseline="middle", align="center").encode(
            longitude="lon:Q", latitude="lat:Q", text="line:N")
        text_ink = halo.mark_text(clip=False, fontSize=_NAME_SIZE, color=INK,
                                  baseline="middle", align="center")
        ties = named_lines.filter((pl.col("view") == name) & pl.col("x0").is_not_null())
        tie_from = [where(x, y) for x, y in ties.select("x0", "y0").iter_rows()]
        tie_to = [where(x, y) for x, y in ties.select("x1", "y1").iter_rows()]
        name_leaders = alt.Chart(_data(pl.DataFrame({
            "lon": [round(p[0], 4) for p in tie_from], "lat": [round(p[1], 4) for p in tie_from],
            "lon2": [round(p[0], 4) for p in tie_to], "lat2": [round(p[1], 4) for p in tie_to]},
            schema={k: pl.Float64 for k in ("lon", "lat", "lon2", "lat2")}))).mark_rule(
            clip=False, color="#777777", strokeWidth=0.5).encode(
            longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q")
        layers = [land, states, ring, refill, widen, erase, dashed, dotted, leaders,
                  *([name_leaders] if name != "map" else []), dot_rings, dots, pointers,
                  starred, ink, *([halo, text_ink] if name != "map" else [])]
        if name == "map":
            # The globe's edge: the Arctic coast stands under it, not against the frame.
            layers.insert(0, alt.Chart(alt.sphere()).mark_geoshape(
                clip=False, filled=False, stroke="#B0B0B0", strokeWidth=0.6))
        return [_set(layer, projection=projection) for layer in layers]

    # The insets' thin frames, and their locator frames on the map, in pixels
    # (constants: a right-to-left mirror leaves the map as it is).
    def rect(corners: list[float], **mark: object) -> alt.Chart:
        x0, y0, x1, y1 = corners
        return alt.Chart(_data(pl.DataFrame({"frame": [0]}))).mark_rect(**mark).encode(
            x=alt.value(x0), x2=alt.value(x1), y=alt.value(y0), y2=alt.value(y1))
    frames = [rect(corners, fill=None, stroke="#555555", strokeWidth=0.7)
              for inset in layout["insets"].values()
              for corners in (inset["box"], *inset["locators"])]
    # The notes UN maps carry, then the full disclaimer last, under the legend. The
    # English forms are the UN Geospatial Information Section's wording; their official
    # French, Spanish, Russian, Chinese and Arabic forms were not found, so those label
    # files hold the English text (never a translation of our own) until they are.
    notes = [labels("map.note_kashmir"), labels("map.note_sudan"),
             labels("map.note_falklands"), labels("map.note_kosovo")]
    lines_of_text = [part for text in [*notes, labels("map.note")]
                     for part in wrap(text, width - _SLACK, 10, labels.font)]
    first = top + rows * 14 + 4 + 16 + 10
    # Written left-aligned at the start side: the right-to-left mirror flips the
    # alignment. Each line is a run of its own (the field is "lines", which the mirror
    # leaves as it is); a note kept in English (see the labels) stays a left-to-right run.
    note = alt.Chart(_data(pl.DataFrame({
        "lines": [direction.isolate_if_right_to_left(t, labels) for t in lines_of_text],
        "y": [first + 13 * i for i in range(len(lines_of_text))]}))).mark_text(
        align="left", baseline="top", fontSize=10, color="#555555").encode(
        x=alt.value(direction.start_x(labels, width)), y=alt.Y("y:Q", scale=None, axis=None),
        text="lines:N")
    height = first + 13 * len(lines_of_text)
    chart = _set(alt.layer(*(layer for name in views for layer in view_layers(name)),
                           *frames, note, data=shapes), width=width, height=height)
    title = labels("map.title", latest=as_of.isoformat())
    return _finish(chart, title, labels("map.subtitle", meeting=meeting_date.isoformat()),
                   source, labels, width=WIDTH + 80 + 2 * _PADDING, legend=list(colours),
                   room=WIDTH + 80)
