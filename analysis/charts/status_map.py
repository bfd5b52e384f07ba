"""The status map: each State's standing on a date, and the layout the map is drawn on.

TopoJSON shapes and points decoded, the Equal Earth projection fitted to the canvas,
the small States' dots pushed apart, then the map itself.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from itertools import pairwise

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.layout import _PADDING, _SLACK, WIDTH, _legend_columns
from analysis.charts.theme import INK, _data, _display_names, _finish, _tip, palette_labels
from analysis.measure import text_width, wrap
from analysis.vocabulary import ADHERENCE, PALETTE, Labels


def _points(topology: str, feature: str) -> pl.DataFrame:
    """``iso3, lon, lat`` of the points of a TopoJSON object (its grid undone).

    Example:
        >>> _points('{"transform": {"scale": [0.5, 0.25], "translate": [-180, -90]}, '
        ...         '"objects": {"p": {"geometries": [{"type": "Point", "id": "MLT", '
        ...         '"coordinates": [388, 502]}]}}}', "p").row(0)
        ('MLT', 14.0, 35.5)
    """
    world = json.loads(topology)
    grid = world.get("transform", {"scale": [1, 1], "translate": [0, 0]})
    (sx, sy), (tx, ty) = grid["scale"], grid["translate"]
    points = world["objects"].get(feature, {"geometries": []})["geometries"]
    return pl.DataFrame({"iso3": [p["id"] for p in points],
                         "lon": [round(p["coordinates"][0] * sx + tx, 4) for p in points],
                         "lat": [round(p["coordinates"][1] * sy + ty, 4) for p in points]},
                        schema={"iso3": pl.String, "lon": pl.Float64, "lat": pl.Float64})


# The Equal Earth projection (Šavrič, Patterson and Jenny 2018), as d3 and Vega draw it.
_EE_A = (1.340264, -0.081106, 0.000893, 0.003796)
_EE_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth coordinates (unit scale, y up) of a point in degrees.

    Example:
        >>> _equal_earth(0.0, 0.0)
        (0.0, 0.0)
    """
    a1, a2, a3, a4 = _EE_A
    t = math.asin(_EE_M * math.sin(math.radians(lat)))
    t2 = t * t
    t6 = t2 ** 3
    x = math.radians(lon) * math.cos(t) / (_EE_M * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    return x, t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


def _equal_earth_inverse(x: float, y: float) -> tuple[float, float]:
    """The longitude and latitude (degrees) of Equal Earth coordinates (Newton, as d3).

    Example:
        >>> [round(v, 6) for v in _equal_earth_inverse(*_equal_earth(-61.0, 13.9))]
        [-61.0, 13.9]
    """
    a1, a2, a3, a4 = _EE_A
    t = y
    for _ in range(20):
        t2 = t * t
        t6 = t2 ** 3
        step = ((t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2)) - y)
                / (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
        t -= step
        if abs(step) < 1e-12:
            break
    t2 = t * t
    t6 = t2 ** 3
    lon = _EE_M * x * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)) / math.cos(t)
    return math.degrees(lon), math.degrees(math.asin(math.sin(t) / _EE_M))


def _map_lines(topology: dict) -> tuple[dict[str, list[list[tuple[float, float]]]],
                                         list[dict]]:
    """Each shape's rings and the special boundaries (GeoJSON features), in degrees."""
    grid = topology.get("transform", {"scale": [1, 1], "translate": [0, 0]})
    (sx, sy), (tx, ty) = grid["scale"], grid["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def line(refs: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for ref in refs:
            part = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(part[1:] if points else part)
        return points

    rings = {g["id"]: [line(ring) for polygon in g.get("arcs", []) for ring in polygon]
             for g in topology["objects"]["countries"]["geometries"]}
    boundaries = [{"type": "Feature", "id": g["id"], "properties": g["properties"],
                   "geometry": {"type": "LineString",
                                "coordinates": [[round(x, 4), round(y, 4)]
                                                for x, y in line(g["arcs"])]}}
                  for g in topology["objects"].get("boundaries", {"geometries": []})
                  ["geometries"]]
    return rings, boundaries


def _spread(points: list[tuple[float, float]], apart: float) -> list[tuple[float, float]]:
    """Points (px) moved the least so that no two boxes of side ``apart`` overlap.

    Deterministic: pairs whose centres are closer than ``apart`` on both axes are
    pushed apart along the line between them, symmetrically, in a fixed order, until
    none overlaps (or after 500 rounds).

    Example:
        >>> [(round(x, 1), y) for x, y in _spread([(0.0, 0.0), (1.0, 0.0)], 4.0)]
        [(-1.5, 0.0), (2.5, 0.0)]
    """
    moved = [list(p) for p in points]
    for _ in range(500):
        clash = False
        for i in range(len(moved)):
            for j in range(i + 1, len(moved)):
                dx, dy = moved[j][0] - moved[i][0], moved[j][1] - moved[i][1]
                if max(abs(dx), abs(dy)) >= apart - 1e-9:
                    continue
                clash = True
                gap = math.hypot(dx, dy)
                ux, uy = (dx / gap, dy / gap) if gap else (1.0, 0.0)
                # Along (ux, uy) the boxes part when the distance is apart / max(|u|).
                push = (apart / max(abs(ux), abs(uy)) - gap) / 2 + 0.01
                moved[i][0] -= ux * push
                moved[i][1] -= uy * push
                moved[j][0] += ux * push
                moved[j][1] += uy * push
        if not clash:
            break
    return [(x, y) for x, y in moved]


def _shoelace(ring: list[tuple[float, float]]) -> float:
    """The signed area of a closed ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _centroid_of(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The area-weighted centroid of a closed ring (its first point if it has no area)."""
    area = _shoelace(ring)
    if not area:
        return ring[0]
    pairs = list(pairwise(ring))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    return cx / (6 * area), cy / (6 * area)


_TINY = 8.0  # px²: a shape this small is mostly outline; the State gets a dot too
_SMALL = 40.0  # px²: under this, the attendance outline is a ring outside the shape
_DOT = 22  # a small State's dot: its area in px² (about 5.3 px across)
_RING = 56  # the dark ring under an attending small State's dot (about 8.4 px across)
_DOTS_APART = 8.5  # px: the side of a dot's box (its ring and a pixel): boxes never touch
_MARGIN = 6.0  # px at the sides; the Arctic coast gets twice as much (it is flat in
# Equal Earth, so at the very edge it reads as cut off)
# The Europe inset: the window it enlarges (longitudes, latitudes: Ireland and Iberia
# to the Baltic States and Cyprus) and where it goes, in the open South Pacific at the
# map's lower left (as fractions of the width).
EUROPE = (-11.0, 34.0, 35.0, 60.0)
_INSET_LEFT, _INSET_RIGHT = 0.045, 0.272


def _polygon_parts(topology: dict) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Each shape's polygons, each a list of rings of (longitude, latitude)."""
    rings, _ = _map_lines({**topology, "objects": {"countries": {"geometries": [
        {"id": (g["id"], i), "arcs": [polygon]}
        for g in topology["objects"]["countries"]["geometries"]
        for i, polygon in enumerate(g.get("arcs", []))]}}})
    parts: dict[str, list] = {}
    for (code, _), polygon in rings.items():
        parts.setdefault(code, []).append(polygon)
    return parts


def _window_box(scale: float) -> tuple[float, float, float, float]:
    """The Europe window's bounding box in Equal Earth units times ``scale`` (y up)."""
    lon0, lat0, lon1, lat1 = EUROPE
    edge = [_equal_earth(lon0 + (lon1 - lon0) * i / 20, lat) for i in range(21)
            for lat in (lat0, lat1)] + [_equal_earth(lon, lat0 + (lat1 - lat0) * i / 20)
                                        for i in range(21) for lon in (lon0, lon1)]
    xs, ys = [x * scale for x, _ in edge], [y * scale for _, y in edge]
    return min(xs), min(ys), max(xs), max(ys)


def _in_window(lon: float, lat: float) -> bool:
    lon0, lat0, lon1, lat1 = EUROPE
    return lon0 <= lon <= lon1 and lat0 <= lat <= lat1


def map_layout(topology: str, width: float) -> dict:
    """Where the status map puts the world, the Europe inset and the small States' dots.

    The projection is fitted to the shapes and dots (Antarctica is not drawn), so the
    map fills the width with no blank band above or below. Europe is drawn a second
    time, enlarged, in an inset in the South Pacific, with a locator frame on the map;
    the dots of States in it are drawn there only. Dots that would overlap at their
    scale are pushed apart (``_spread``) and keep a leader line to their place.

    Returns:
        ``scale``, ``translate`` and ``height`` of the map; ``inset``: its ``scale``,
        ``translate``, ``box`` (x0, y0, x1, y1 in px), ``locator`` (the same region
        on the map) and ``enlarged`` (States that are dots on the map's scale and
        shapes in the inset's); ``dots``, a frame ``iso3, lon, lat, inset, x, y, dot_lon,
        dot_lat`` (place, which view, and where the dot is drawn); ``small``, the shapes
        under 40 px² (mostly outline at this scale); ``parts``, GeoJSON features of
        every State's polygons under 40 px² in each view (``properties.inset``), which
        get the attendance outline as a ring; ``boundaries``, the special boundaries.

    Example:
        >>> world = ('{"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [], '
        ...          '"objects": {"countries": {"geometries": []}, "small_states": '
        ...          '{"geometries": [{"type": "Point", "id": "KNA", "coordinates": '
        ...          '[-62.7, 17.3]}, {"type": "Point", "id": "ATG", "coordinates": '
        ...          '[-61.8, 17.1]}]}}}')
        >>> layout = map_layout(world, 700)
        >>> round(layout["height"]), layout["dots"]["iso3"].to_list()
        (225, ['KNA', 'ATG'])
    """
    world = json.loads(topology)
    rings, boundaries = _map_lines(world)
    polygons = _polygon_parts(world)
    dots = _points(topology, "small_states")
    projected = {code: [[_equal_earth(lon, lat) for lon, lat in ring] for ring in shape]
                 for code, shape in rings.items()}
    places = [_equal_earth(lon, lat) for lon, lat in dots.select("lon", "lat").iter_rows()]
    xs = [x for shape in projected.values() for ring in shape for x, _ in ring]
    ys = [y for shape in projected.values() for ring in shape for _, y in ring]
    xs += [x for x, _ in places]
    ys += [y for _, y in places]
    if len(set(xs)) < 2 or len(set(ys)) < 2:  # nothing to fit to: the whole world
        corners = [_equal_earth(lon, lat) for lon in (-180, 0, 180) for lat in (-90, 0, 90)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
    scale = (width - 2 * _MARGIN) / (max(xs) - min(xs))
    translate = (_MARGIN - min(xs) * scale, 2 * _MARGIN + max(ys) * scale)
    height = (max(ys) - min(ys)) * scale + 2 * _MARGIN  # the legend keeps its own gap below

    def to_px(point: tuple[float, float]) -> tuple[float, float]:
        return translate[0] + point[0] * scale, translate[1] - point[1] * scale

    # The inset: the window's box on the map (the locator), enlarged to the inset's
    # width at the lower left, same shape.
    wx0, wy0, wx1, wy1 = _window_box(scale)
    locator = (translate[0] + wx0, translate[1] - wy1, translate[0] + wx1, translate[1] - wy0)
    bx0, bx1 = width * _INSET_LEFT, width * _INSET_RIGHT
    zoom = (bx1 - bx0) / (wx1 - wx0)
    by1 = height - _MARGIN / 2
    by0 = by1 - (wy1 - wy0) * zoom
    inset_scale = scale * zoom
    inset_translate = (bx0 - wx0 * zoom, by0 + wy1 * zoom)

    def to_inset(point: tuple[float, float]) -> tuple[float, float]:
        return (inset_translate[0] + point[0] * inset_scale,
                inset_translate[1] - point[1] * inset_scale)

    areas = {code: sum(abs(_shoelace(ring)) for ring in shape) * scale * scale
             for code, shape in projected.items()}
    # Where a State's own marks go (the asterisk of a marked status): the middle of
    # its largest ring, on the map and, for a State in the window, in the inset.
    middles = {code: _centroid_of(max(shape, key=lambda r: abs(_shoelace(r))))
               for code, shape in projected.items() if shape}
    kinds = {g["id"]: (g.get("properties") or {}).get("kind") for g in world["objects"]
             ["countries"]["geometries"]}
    # States whose shape is a few pixels (Luxembourg, Lebanon, Cyprus...) get a dot
    # too, at their largest ring's centroid, so their colour shows.
    tiny = sorted(code for code, area in areas.items()
                  if 0 < area < _TINY and kinds[code] != "territory")
    for code in tiny:
        ring = max(projected[code], key=lambda r: abs(_shoelace(r)))
        places.append(_centroid_of(ring))
    back_places = [_equal_earth_inverse(*p) for p in places[len(places) - len(tiny):]]
    dots = pl.concat([dots, pl.DataFrame(
        {"iso3": tiny, "lon": [round(lon, 4) for lon, _ in back_places],
         "lat": [round(lat, 4) for _, lat in back_places]},
        schema=dots.schema)]) if tiny else dots
    # A State in the window is dotted in the inset only, if it is small there too.
    inset_area = {code: area * zoom * zoom for code, area in areas.items()}
    in_inset = [_in_window(lon, lat) for lon, lat in dots.select("lon", "lat").iter_rows()]
    keep = [i for i, inside in enumerate(in_inset)
            if not inside or dots["iso3"][i] not in tiny or inset_area[dots["iso3"][i]] < _TINY]
    # The tiny States whose shape is big enough in the inset (Slovenia, Montenegro).
    enlarged = sorted(set(dots["iso3"]) - set(dots[keep]["iso3"]))
    dots = dots[keep].with_columns(inset=pl.Series([in_inset[i] for i in keep], dtype=pl.Boolean))
    places = [places[i] for i in keep]
    spread = [(0.0, 0.0)] * len(places)
    back = [(0.0, 0.0)] * len(places)
    for inside, (to, sc, tr) in ((False, (to_px, scale, translate)),
                                 (True, (to_inset, inset_scale, inset_translate))):
        index = [i for i, flag in enumerate(dots["inset"]) if flag is inside]
        moved = _spread([to(places[i]) for i in index], _DOTS_APART)
        for i, (x, y) in zip(index, moved, strict=True):
            spread[i] = (x, y)
            back[i] = _equal_earth_inverse((x - tr[0]) / sc, (tr[1] - y) / sc)
    parts = [{"type": "Feature", "id": code, "properties": {"inset": inside},
              "geometry": {"type": "Polygon", "coordinates": [
                  [[round(lon, 4), round(lat, 4)] for lon, lat in ring] for ring in polygon]}}
             for inside, factor in ((False, 1.0), (True, zoom))
             for code, shape in polygons.items() if kinds[code] != "territory"
             for polygon in shape
             if 0 < abs(_shoelace([_equal_earth(*p) for p in polygon[0]])) * (
                 scale * factor) ** 2 < _SMALL
             and (not inside or any(_in_window(*p) for p in polygon[0]))]
    anchors = pl.DataFrame(
        [(code, False, *to_px(p)) for code, p in middles.items()]
        + [(code, True, *to_inset(p)) for code, p in middles.items()
           if _in_window(*_equal_earth_inverse(*p))],
        schema={"iso3": pl.String, "inset": pl.Boolean, "x": pl.Float64, "y": pl.Float64},
        orient="row")
    return {"scale": scale, "translate": list(translate), "height": height,
            "boundaries": boundaries, "tiny": tiny, "parts": parts, "anchors": anchors,
            "small": sorted(code for code, area in areas.items() if _TINY <= area < _SMALL),
            "inset": {"scale": inset_scale, "translate": list(inset_translate),
                      "box": [bx0, by0, bx1, by1], "locator": list(locator),
                      "enlarged": enlarged},
            "dots": dots.with_columns(
                x=pl.Series([x for x, _ in spread], dtype=pl.Float64),
                y=pl.Series([y for _, y in spread], dtype=pl.Float64),
                dot_lon=pl.Series([round(lon, 4) for lon, _ in back], dtype=pl.Float64),
                dot_lat=pl.Series([round(lat, 4) for _, lat in back], dtype=pl.Float64))}


# Territories that are not States: the palette's near-white background (much lighter
# than the grey of "unknown"), with a grey edge so they read as land with no status.
_NO_DATA = PALETTE["no_status"].colour
_NO_DATA_EDGE = "#8C8C8C"


def _marks(layout: dict, dots: pl.DataFrame, codes: list[str], width: float
           ) -> pl.DataFrame:
    """``iso3, inset, x, y``: where each marked State's asterisk goes (px on the canvas).

    Beside the State's dot (up and to the right, or to the left at the map's right
    edge), else at the middle of its largest
    part; a State in the Europe inset is marked there as well as on the map.

    Example:
        >>> layout = {"anchors": pl.DataFrame({"iso3": ["IRN"], "inset": [False],
        ...                                    "x": [450.0], "y": [90.0]})}
        >>> dots = pl.DataFrame({"iso3": ["LUX"], "inset": [True], "x": [89.0],
        ...                      "y": [242.5]})
        >>> _marks(layout, dots, ["LUX", "IRN"], 700).rows()
        [('LUX', True, 94.0, 238.0), ('IRN', False, 450.0, 90.0)]
    """
    at_dots = dots.filter(pl.col("iso3").is_in(codes)).select(
        "iso3", "inset", x=pl.when(pl.col("x") + 12 > width).then(pl.col("x") - 5)
        .otherwise(pl.col("x") + 5), y=pl.col("y") - 4.5)
    at_shapes = layout["anchors"].filter(pl.col("iso3").is_in(codes)
                                         & ~pl.col("iso3").is_in(at_dots["iso3"].implode()))
    return pl.concat([at_dots, at_shapes.select("iso3", "inset", "x", "y")])


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
    # The topology goes in once, as one string (Vega-Lite parses it), for the layers
    # that draw shapes: Altair then has one value to copy instead of every coordinate
    # of the world.
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
    inset = layout["inset"]
    stars = _marks(layout, dot_data, records.filter("marked")["iso3"].to_list(), width)
    views = {False: {"type": "equalEarth", "scale": layout["scale"],
                     "translate": layout["translate"]},
             True: {"type": "equalEarth", "scale": inset["scale"],
                    "translate": inset["translate"],
                    "clipExtent": [inset["box"][:2], inset["box"][2:]]}}

    def view_layers(inside: bool) -> list[alt.Chart]:
        """The map's layers for the world (``inside`` False) or the Europe inset."""
        projection = alt.Projection(**views[inside])
        land = alt.Chart().mark_geoshape(
            clip=False, stroke=_NO_DATA_EDGE, strokeWidth=0.5).encode(
            color=alt.Color("no_data:N", title=None, scale=colour_scale, legend=area_legend),
        ).transform_calculate(no_data=json.dumps(no_data)).transform_filter(
            "datum.properties.kind == 'territory'")
        # The attendance outline is drawn on the State's edge, except around the
        # parts that are mostly edge at this scale (Lebanon, Hawaii...): a thin line
        # there, and the outline as a ring around the part, under a second fill, so it
        # never covers the State's colour.
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
        parts = alt.Chart(alt.Data(values=[f for f in layout["parts"]
                                           if f["properties"]["inset"] is inside])
                          ).transform_lookup(lookup="id", from_=status_of).transform_filter(
            "isValid(datum.status_label) && datum.attended")
        ring = parts.mark_geoshape(clip=False, filled=False, stroke=dark, strokeWidth=2.2)
        refill = parts.mark_geoshape(clip=False, strokeWidth=0).encode(color=colour,
                                                                         tooltip=tips)
        # Special boundaries: first a white line that cuts the attendance outline
        # there, then the line in its UN style (dashed, or dotted for the Line of
        # Control).
        lines = alt.Data(values=layout["boundaries"])
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
        here = _data(dot_data.filter(pl.col("inset") == inside))
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
        # A status resting on an inference or a secondary source: its mark next to
        # the State's dot, or at the middle of its largest part (a white halo first).
        view = views[inside]
        marked = stars.filter(pl.col("inset") == inside)
        at = [_equal_earth_inverse((x - view["translate"][0]) / view["scale"],
                                   (view["translate"][1] - y) / view["scale"])
              for x, y in marked.select("x", "y").iter_rows()]
        starred = alt.Chart(_data(marked.with_columns(
            lon=pl.Series([round(lon, 4) for lon, _ in at], dtype=pl.Float64),
            lat=pl.Series([round(lat, 4) for _, lat in at], dtype=pl.Float64),
            text=pl.lit(mark)))).mark_text(
            # clip=False: a clipped mark gets a clip id Vega counts across the renders of
            # one worker, so the SVG would depend on what that worker drew before.
            clip=False, fontSize=12, fontWeight="bold", color=INK, stroke="#FFFFFF",
            strokeWidth=1.6, baseline="middle", align="center").encode(
            longitude="lon:Q", latitude="lat:Q", text="text:N")
        ink = starred.mark_text(clip=False, fontSize=12, fontWeight="bold", color=INK,
                                baseline="middle", align="center")
        return [layer.properties(projection=projection) for layer in
                (land, states, ring, refill, erase, dashed, dotted, leaders, dot_rings, dots,
                 starred, ink)]

    # The inset's white ground and thin frame, and the locator frame on the map, in
    # pixels (constants: a right-to-left mirror leaves the map as it is).
    box, locator = inset["box"], inset["locator"]

    def rect(corners: list[float], **mark: object) -> alt.Chart:
        x0, y0, x1, y1 = corners
        return alt.Chart(_data(pl.DataFrame({"frame": [0]}))).mark_rect(**mark).encode(
            x=alt.value(x0), x2=alt.value(x1), y=alt.value(y0), y2=alt.value(y1))
    ground = rect(box, fill="#FFFFFF", stroke=None)
    frames = [rect(corners, fill=None, stroke="#555555", strokeWidth=0.7)
              for corners in (box, locator)]
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
    chart = alt.layer(*view_layers(False), ground, *view_layers(True), *frames,
                      note, data=shapes).properties(width=width, height=height)
    title = labels("map.title", latest=as_of.isoformat())
    return _finish(chart, title, labels("map.subtitle", meeting=meeting_date.isoformat()),
                   source, labels, width=WIDTH + 80 + 2 * _PADDING, legend=list(colours),
                   room=WIDTH + 80)
