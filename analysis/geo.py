"""Plane geometry of the world map, shared by the map's build step and the status map.

TopoJSON arcs decoded to longitude and latitude, the area and centroid of a ring, and
the Equal Earth projection (with its inverse and a central meridian), so the build
(``analysis.build.worldmap``) and the chart (``analysis.charts.status_map``) compute
them with one piece of code; and the status map's plane work in pixels: its insets'
windows and boxes, small States' dots pushed apart (``spread``) and names placed
beside them (``place_names``). Standard library only.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

Point = tuple[float, float]


def decoded_arcs(topology: dict[str, Any]) -> list[list[tuple[int, int]]]:
    """Every arc as absolute points on the topology's grid (delta encoding undone).

    Example:
        >>> decoded_arcs({"transform": {}, "arcs": [[[3, 4], [1, -1], [0, 2]]]})
        [[(3, 4), (4, 3), (4, 5)]]
    """
    delta = "transform" in topology
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = (x + dx, y + dy) if delta else (dx, dy)
            points.append((x, y))
        arcs.append(points)
    return arcs


def lonlat(topology: dict[str, Any], point: tuple[float, float]) -> Point:
    """A grid point of the topology in degrees (its ``transform`` undone).

    Example:
        >>> lonlat({"transform": {"scale": [0.5, 0.25], "translate": [-180, -90]}}, (388, 502))
        (14.0, 35.5)
    """
    transform = topology.get("transform")
    if not transform:
        return point
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return point[0] * sx + tx, point[1] * sy + ty


def ring_points(arcs: list[list[Any]], refs: list[int]) -> list[Any]:
    """The points of a ring or line given as arc references (``~i``: arc ``i`` reversed).

    Example:
        >>> ring_points([[(0, 0), (1, 0)], [(0, 1), (1, 0)]], [0, ~1])
        [(0, 0), (1, 0), (0, 1)]
    """
    points: list[Any] = []
    for ref in refs:
        part = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points.extend(part[1:] if points else part)
    return points


def signed_area(ring: list[Point]) -> float:
    """The signed area of a closed ring (shoelace; positive counter-clockwise, y up).

    Example:
        >>> signed_area([(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)])
        4.0
    """
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def centroid(ring: list[Point]) -> Point:
    """The area-weighted centroid of a closed ring (its first point if it has no area).

    Example:
        >>> centroid([(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)])
        (1.0, 1.0)
    """
    area = signed_area(ring)
    if not area:
        return ring[0]
    pairs = list(pairwise(ring))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    return cx / (6 * area), cy / (6 * area)


# The Equal Earth projection (Šavrič, Patterson and Jenny 2018), as d3 and Vega draw it.
_EE_A = (1.340264, -0.081106, 0.000893, 0.003796)
_EE_M = math.sqrt(3) / 2


def wrap(longitude: float) -> float:
    """A longitude brought into [-180, 180).

    Example:
        >>> wrap(190.0), wrap(-180.0)
        (-170.0, -180.0)
    """
    return (longitude + 180.0) % 360.0 - 180.0


def equal_earth(lon: float, lat: float, centre: float = 0.0) -> Point:
    """Equal Earth coordinates (unit scale, y up) of a point in degrees.

    ``centre`` is the central meridian (Vega's ``rotate: [-centre, 0, 0]``).

    Example:
        >>> equal_earth(0.0, 0.0), equal_earth(180.0, 0.0, centre=180.0)
        ((0.0, 0.0), (0.0, 0.0))
    """
    a1, a2, a3, a4 = _EE_A
    t = math.asin(_EE_M * math.sin(math.radians(lat)))
    t2 = t * t
    t6 = t2 ** 3
    x = (math.radians(wrap(lon - centre) if centre else lon) * math.cos(t)
         / (_EE_M * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2))))
    return x, t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


def equal_earth_inverse(x: float, y: float, centre: float = 0.0) -> Point:
    """The longitude and latitude (degrees) of Equal Earth coordinates (Newton, as d3).

    Example:
        >>> [round(v, 6) for v in equal_earth_inverse(*equal_earth(-61.0, 13.9))]
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
    lon = math.degrees(_EE_M * x * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2))
                       / math.cos(t))
    return (wrap(lon + centre) if centre else lon), math.degrees(math.asin(math.sin(t) / _EE_M))


def inside(rings: list[list[Point]], x: float, y: float) -> bool:
    """Whether a point is in a polygon, by the even-odd rule over all its rings.

    Example:
        >>> square = [[(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]]
        >>> inside(square, 1, 1), inside(square, 3, 1)
        (True, False)
    """
    found = False
    for ring in rings:
        for (x0, y0), (x1, y1) in pairwise(ring):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                found = not found
    return found


def map_lines(topology: dict) -> tuple[dict[str, list[list[tuple[float, float]]]],
                                         list[dict]]:
    """Each shape's rings and the special boundaries (GeoJSON features), in degrees."""
    arcs = [[lonlat(topology, p) for p in arc] for arc in decoded_arcs(topology)]

    def line(refs: list[int]) -> list[tuple[float, float]]:
        return ring_points(arcs, refs)

    rings = {g["id"]: [line(ring) for polygon in g.get("arcs", []) for ring in polygon]
             for g in topology["objects"]["countries"]["geometries"]}
    boundaries = [{"type": "Feature", "id": g["id"], "properties": g["properties"],
                   "geometry": {"type": "LineString",
                                "coordinates": [[round(x, 4), round(y, 4)]
                                                for x, y in line(g["arcs"])]}}
                  for g in topology["objects"].get("boundaries", {"geometries": []})
                  ["geometries"]]
    return rings, boundaries


def polygon_parts(topology: dict) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Each shape's polygons, each a list of rings of (longitude, latitude)."""
    rings, _ = map_lines({**topology, "objects": {"countries": {"geometries": [
        {"id": (g["id"], i), "arcs": [polygon]}
        for g in topology["objects"]["countries"]["geometries"]
        for i, polygon in enumerate(g.get("arcs", []))]}}})
    parts: dict[str, list] = {}
    for (code, _), polygon in rings.items():
        parts.setdefault(code, []).append(polygon)
    return parts


def topology_points(topology: dict[str, Any], feature: str) -> list[tuple[str, float, float]]:
    """``(id, lon, lat)`` of the points of a TopoJSON object (its grid undone).

    Example:
        >>> topology_points({"transform": {"scale": [0.5, 0.25], "translate": [-180, -90]},
        ...                  "objects": {"p": {"geometries": [{"type": "Point", "id": "MLT",
        ...                  "coordinates": [388, 502]}]}}}, "p")
        [('MLT', 14.0, 35.5)]
    """
    points = topology["objects"].get(feature, {"geometries": []})["geometries"]
    return [(p["id"], *(round(v, 4) for v in lonlat(topology, p["coordinates"])))
            for p in points]


def inset_boxes(insets: tuple[tuple[str, tuple[float, float, float, float], float], ...],
                width: float, top: float, margin: float, gap: float
                ) -> dict[str, list[float]]:
    """Each inset's box (x0, y0, x1, y1 px), side by side in order, ``gap`` apart.

    All of one height, together as wide as the map less its ``margin`` each side.

    Example:
        >>> inset_boxes((("a", (0, 0, 10, 10), 0.0),), 100, 0, 5, 8)["a"][2]
        95.0
    """
    aspect = {}
    for name, window, centre in insets:
        x0, y0, x1, y1 = window_box(window, centre)
        aspect[name] = (x1 - x0) / (y1 - y0)
    high = (width - 2 * margin - gap * (len(insets) - 1)) / sum(aspect.values())
    boxes, left = {}, margin
    for name, *_ in insets:
        boxes[name] = [left, top, left + high * aspect[name], top + high]
        left += high * aspect[name] + gap
    return boxes


def spread(points: list[tuple[float, float]], apart: float) -> list[tuple[float, float]]:
    """Points (px) moved the least so that no two boxes of side ``apart`` overlap.

    Deterministic: pairs whose centres are closer than ``apart`` on both axes are
    pushed apart along the line between them, symmetrically, in a fixed order, until
    none overlaps (or after 500 rounds).

    Example:
        >>> [(round(x, 1), y) for x, y in spread([(0.0, 0.0), (1.0, 0.0)], 4.0)]
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


def window_box(window: tuple[float, float, float, float], centre: float
                ) -> tuple[float, float, float, float]:
    """A window's bounding box in unit Equal Earth coordinates (y up) about ``centre``."""
    lon0, lat0, lon1, lat1 = window
    edge = [(lon0 + (lon1 - lon0) * i / 40, lat) for i in range(41) for lat in (lat0, lat1)]
    edge += [(lon, lat0 + (lat1 - lat0) * i / 40) for i in range(41) for lon in (lon0, lon1)]
    points = [equal_earth(lon, lat, centre) for lon, lat in edge]
    return (min(x for x, _ in points), min(y for _, y in points),
            max(x for x, _ in points), max(y for _, y in points))


def in_window(lon: float, lat: float, window: tuple[float, float, float, float]) -> bool:
    """Whether a place is in a window (east of 180 counts as west of -180)."""
    lon0, lat0, lon1, lat1 = window
    return lat0 <= lat <= lat1 and (lon0 <= lon <= lon1 or lon0 <= lon + 360 <= lon1)


NAME_LINE = 13  # px between two lines of a name
_NAME_GAP = 3.0  # px between a name and its dot or shape
_LEADER = 9.0  # px further out, where a name then gets a leader line


def _boxes_meet(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
                pad: float = 1.0) -> bool:
    """Whether two boxes (x0, y0, x1, y1) overlap or come within ``pad`` px."""
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _cross(a: tuple | None, b: tuple | None) -> bool:
    """Whether two segments (x0, y0, x1, y1) cross (None: no segment).

    Example:
        >>> _cross((0, 0, 2, 2), (0, 2, 2, 0)), _cross((0, 0, 1, 0), (0, 1, 1, 1))
        (True, False)
    """
    if a is None or b is None:
        return False

    def side(p: tuple, q: tuple, r: tuple) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    p, q, r, t = a[:2], a[2:], b[:2], b[2:]
    return side(p, q, r) * side(p, q, t) < 0 and side(r, t, p) * side(r, t, q) < 0


def place_names(named: list[tuple[str, float, float, float, float, float, float]],
                frame: tuple[float, float, float, float],
                keep_out: list[tuple[float, float, float, float]],
                lines_of: dict[str, list[list[str]]], widths: dict[str, list[float]]
                ) -> list[tuple]:
    """Where each State's name goes beside its dot or shape: one row per line of it.

    Each name's places, in order: right of the State, left, above, below (its one-line
    form, then its wrapped ones); then further out along each side, sliding along it,
    with a leader line. A place is free if the name stays inside ``frame`` (x0, y0, x1,
    y1 px) and overlaps no other name, no State's box (``named``'s ``x0, y0, x1, y1``)
    and nothing in ``keep_out``, and its leader crosses no name. States are taken from
    the top, each at its first free place; where one has none, the search steps back
    and tries the next free place of the State before (a bounded, deterministic
    search); then each name in turn moves to its earliest place still free. This is
    done from the top, the bottom, the left and the right, and the arrangement kept is
    the one with fewest overlaps, then fewest names nearer another State than their
    own, then fewest and shortest leaders and fewest lines.

    Args:
        named: ``(iso3, x, y, x0, y0, x1, y1)``: each State's place and box (px).
        frame: The inset's box.
        keep_out: Boxes no name may cover (the inset's title).
        lines_of: By State, its name's forms, each a list of lines (one line first).
        widths: By State, the width (px) of each form's widest line.

    Returns:
        ``(iso3, line, x, y, x0, y0, x1, y1)``: the middle of each line (px) and a
        leader from the State to the name's box (None where none is needed).

    Example:
        >>> named = [("A", 50.0, 50.0, 46.0, 46.0, 54.0, 54.0),
        ...          ("B", 70.0, 50.0, 66.0, 46.0, 74.0, 54.0)]
        >>> [row[:4] for row in place_names(named, (0, 0, 120, 100), [], {"A": [["A"]],
        ...  "B": [["B"]]}, {"A": [10.0], "B": [10.0]})]
        [('A', 'A', 38.0, 50.0), ('B', 'B', 82.0, 50.0)]
    """
    states = sorted(named, key=lambda state: (state[2], state[1]))
    boxes = [(x0, y0, x1, y1) for *_, x0, y0, x1, y1 in states]
    inner = (frame[0] + 2, frame[1] + 2, frame[2] - 2, frame[3] - 2)

    def candidates(code: str, x: float, y: float, x0: float, y0: float, x1: float,
                   y1: float) -> list[tuple]:
        """Each place (lines, box, leader) the State's name may take, in order."""
        options = []
        for reach in (0.0, *(k * _LEADER for k in range(1, 8))):
            slides = (0.0,) if reach == 0 else tuple(
                k * NAME_LINE / 2 * sign for k in range(11) for sign in (1, -1) if k or sign > 0)
            for lines, wide in zip(lines_of[code], widths[code], strict=True):
                high = NAME_LINE * len(lines)
                gap = _NAME_GAP + reach
                for slide in slides:
                    for cx, cy in [(x1 + gap + wide / 2, y + slide),
                                   (x0 - gap - wide / 2, y + slide),
                                   (x + slide, y0 - gap - high / 2),
                                   (x + slide, y1 + gap + high / 2)]:
                        box = (cx - wide / 2, cy - high / 2, cx + wide / 2, cy + high / 2)
                        leader = None
                        if reach > 0:  # from the State's edge to the box's nearest point
                            lx, ly = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
                            leader = (min(max(lx, x0), x1), min(max(ly, y0), y1), lx, ly)
                        options.append((lines, box, leader))
        return options

    def apart(a: tuple, b: tuple) -> float:
        return math.hypot(max(0.0, a[0] - b[2], b[0] - a[2]), max(0.0, a[1] - b[3], b[1] - a[3]))

    def fixed_clashes(option: tuple, own: tuple, first: bool = False) -> int:
        """What a place runs into (``first``: stop at the first, "is it free?").

        100 if it leaves the frame, and one for each other box the name comes within
        half a pixel of or its leader crosses (it would point at another State, or at
        the title).
        """
        _, (bx0, by0, bx1, by1), leader = option
        count = 100 * (not (inner[0] <= bx0 and bx1 <= inner[2]
                            and inner[1] <= by0 and by1 <= inner[3]))
        if count and first:
            return count
        # Written out rather than calling ``_boxes_meet`` and ``crosses``: this runs for
        # every place of every State.
        if leader is not None:
            sx, sy, lx, ly = leader
            lx0, lx1, ly0, ly1 = min(sx, lx), max(sx, lx), min(sy, ly), max(sy, ly)
        for other in fixed[own]:
            ox0, oy0, ox1, oy1 = other
            count += (bx0 < ox1 + 0.5 and ox0 < bx1 + 0.5 and by0 < oy1 + 0.5
                      and oy0 < by1 + 0.5)
            if leader is not None and not (lx1 < ox0 or lx0 > ox1 or ly1 < oy0 or ly0 > oy1):
                count += crosses(leader, other)
            if count and first:
                return count
        return count

    def mistaken(option: tuple, own: tuple) -> bool:
        """Whether a name is nearer another State than its own (it would read as theirs)."""
        return any(apart(option[1], other) < apart(option[1], own) for other in boxes
                   if other != own)

    def crosses(leader: tuple | None, box: tuple) -> bool:
        if leader is None:
            return False
        sx, sy, lx, ly = leader
        # Points of the leader lie within its bounding box: most boxes are far from it.
        if (max(sx, lx) < box[0] or min(sx, lx) > box[2] or max(sy, ly) < box[1]
                or min(sy, ly) > box[3]):
            return False
        return any(box[0] <= sx + (lx - sx) * t / 12 <= box[2]
                   and box[1] <= sy + (ly - sy) * t / 12 <= box[3] for t in range(1, 12))

    pairs: dict[tuple[int, int], int] = {}  # the search meets the same pairs again

    def clash(option: tuple, other: tuple) -> int:
        key = (id(option), id(other))
        if key not in pairs:
            _, box, leader = option
            pairs[key] = (_boxes_meet(box, other[1]) + crosses(leader, other[1])
                          + crosses(other[2], box) + _cross(leader, other[2]))
        return pairs[key]

    def clashes(option: tuple, placed: list[tuple]) -> int:
        return sum(clash(option, other) for other in placed)

    fixed = {own: [other for other in [*boxes, *keep_out] if other != own] for own in boxes}
    # Each State's free places, those nearer its own State than any other first.
    every = {state[0]: sorted([o for o in candidates(*state)
                               if fixed_clashes(o, state[3:], first=True) == 0],
                              key=lambda o, own=state[3:]: mistaken(o, own))
             or [min(candidates(*state), key=lambda o, own=state[3:]: fixed_clashes(o, own))]
             for state in states}
    owns = {state[0]: state[3:] for state in states}

    def arrange(order: list[tuple]) -> list[tuple]:
        options = [every[state[0]] for state in order]
        budget = [20000]

        def search(i: int, placed: list[tuple]) -> list[tuple] | None:
            if i == len(order):
                return placed
            for option in options[i]:
                budget[0] -= 1
                if budget[0] < 0:
                    return None
                if not any(clash(option, other) for other in placed):
                    found = search(i + 1, [*placed, option])
                    if found is not None:
                        return found
            return None

        chosen = search(0, [])
        if chosen is None:  # no free arrangement: each name where it overlaps least
            chosen = []
            for choices in options:
                chosen.append(min(choices, key=lambda o: clashes(o, chosen)))
        # Then each name in turn moves to its earliest place free of the others, until
        # none moves: the search's first arrangement keeps late names far out.
        for _ in range(20):
            moved = False
            for i, choices in enumerate(options):
                others = chosen[:i] + chosen[i + 1:]
                now = clashes(chosen[i], others)
                best = next(o for o in [*choices, chosen[i]]
                            if o is chosen[i] or clashes(o, others) <= now)
                if best is not chosen[i]:
                    chosen[i], moved = best, True
            if not moved:
                break
        return chosen

    def cost(order: list[tuple], chosen: list[tuple]) -> tuple[int, int, float]:
        """Overlaps, then names nearer another State, then leaders and lines."""
        overlaps = sum(clashes(o, chosen[:i]) for i, o in enumerate(chosen))
        misread = sum(mistaken(o, owns[state[0]]) for state, o in zip(order, chosen,
                                                                      strict=True))
        return overlaps, misread, round(sum(
            (20 + math.dist(o[2][:2], o[2][2:]) if o[2] else 0) + 6 * (len(o[0]) - 1)
            for o in chosen), 6)

    # From the top, the bottom, the left and the right: the arrangement that costs least.
    tries = []
    for keys, down in (((2, 1), False), ((2, 1), True), ((1, 2), False), ((1, 2), True)):
        order = sorted(named, key=lambda state, keys=keys: tuple(state[k] for k in keys),
                       reverse=down)
        chosen = arrange(order)
        tries.append((cost(order, chosen), order, chosen))
    _, order, chosen = min(tries, key=lambda t: t[0])
    states = order
    rows = [(code, line, (box[0] + box[2]) / 2, box[1] + NAME_LINE * (i + 0.5),
             *(leader if leader is not None and i == 0 else (None,) * 4))
            for (code, *_), (lines, box, leader) in zip(states, chosen, strict=True)
            for i, line in enumerate(lines)]
    return rows
