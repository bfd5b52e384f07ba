"""Plane geometry of the world map, shared by the map's build step and the status map.

TopoJSON arcs decoded to longitude and latitude, the area and centroid of a ring, and
the Equal Earth projection (with its inverse and a central meridian), so the build
(``analysis.build.worldmap``) and the chart (``analysis.charts.status_map``) compute
them with one piece of code. Standard library only.
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
