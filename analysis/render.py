"""Rendering Vega-Lite specs to SVG and PNG with vl-convert, in parallel, offline.

Owns the renderer set-up (the pinned fonts registered with vl-convert, the Vega-Lite
version), the Vega JavaScript bundle the HTML pages embed, and the ``Renderer`` that
turns specs into SVG and PNG bytes on every core, in worker processes: each renders
a spec to SVG and, unless the caller needs only the SVG, rasterises that SVG to PNG
(no second Vega render). This module
imports neither polars nor Altair, so starting a worker
process costs little; the results are the same bytes as rendering one by one.
"""

from __future__ import annotations

import json
import os
import queue
import struct
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeVar, overload

import vl_convert as vlc

from analysis import paths
from analysis.fonts import (
    CHART_FONTS,
    FontCacheError,
    chart_font_dir,
    chart_fonts_intact,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

# Figures embed and cut fonts by these names (``figures`` imports them from here).
from analysis.fonts import EMBEDDABLE_FONTS as EMBEDDABLE_FONTS
from analysis.fonts import cut_font as cut_font

VEGA_LITE_VERSION = "6.4"
PNG_SCALE = 2
PINNED_FONTS_ONLY = Path(__file__).with_name("pinned-fonts.conf")
"""The fontconfig file vl-convert reads as it sets up its fonts: no system font folder."""
FONT_SAMPLES = {"Noto Sans SC": "国", "Noto Sans Arabic": "ع"}
"""A character of each embeddable font's script: a page waits until it has loaded."""
T = TypeVar("T")
_CUT_FOLDER = "FIREARMS_WG_CHART_FONTS"
"""The environment variable that gives a worker its renderer's cut fonts."""
_WARM_UP = {"data": {"values": [{"x": 1}]}, "mark": "text",
            "encoding": {"text": {"field": "x", "type": "quantitative"}}}


@cache
def register_fonts() -> tuple[Path, ...]:
    """Register Noto Sans, Noto Sans SC and Noto Sans Arabic with vl-convert (once per process).

    They are the only fonts vl-convert draws with: none of the machine's fonts is loaded
    (``PINNED_FONTS_ONLY``), so a font installed on the system cannot change a figure.
    This holds when this is the process's first use of vl-convert (as in the renderer's
    worker processes); a process that rendered with vl-convert before has its fonts.

    Returns:
        The font directories registered: the chart fonts (``chart_font_dir``), or the
        folders of the whole fonts where those cannot be kept.

    Example:
        >>> register_fonts()[0].name.startswith("chart-fonts-")
        True
    """
    # A worker is told the folder its renderer checked (no package versions to read).
    told = os.environ.get(_CUT_FOLDER)
    cut = Path(told) if told and chart_fonts_intact(Path(told)) else chart_font_dir()
    folders = (cut,) if cut else tuple(dict.fromkeys(
        source.parent for source, _ in CHART_FONTS.values()))
    # vl-convert loads the machine's fonts (fontdb, reading fontconfig's files) when its
    # first font call sets up its font database, and a system font that claims a pinned
    # family ("Noto Sans Arabic" from Debian's fonts-noto-core) wins over the pinned one:
    # Latin letters in Arabic figures became empty boxes. For that one call, fontconfig's
    # file is ours, naming only a folder that does not exist, so vl-convert knows no font
    # but the pinned ones; the caller's setting comes back at once.
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(PINNED_FONTS_ONLY)
    try:
        for folder in folders:
            vlc.register_font_directory(str(folder))
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before
    return folders


def _with_pinned_fonts(draw: Callable[[], T]) -> T:
    """``draw()`` with the registered cut fonts in place for the whole call.

    vl-convert opens the font files again for every glyph: a cut that vanished (a
    cache cleaned while a run draws) would leave glyphs undrawn, or drawn in no font.
    A cut found missing before the call is cut again at the same place first; one
    that went missing during it is cut again and the figure drawn again.
    """
    cut = register_fonts()[0]
    if not cut.name.startswith("chart-fonts-"):  # the whole fonts: no cache to lose
        return draw()
    for _ in range(2):
        if not chart_fonts_intact(cut) and chart_font_dir() != cut:
            raise FontCacheError(cut, "vanished while drawing and could not be cut again")
        result = draw()
        if chart_fonts_intact(cut):
            return result
    raise FontCacheError(cut, "vanished twice while drawing one figure")


def to_svg(spec: dict | str) -> str:
    """Render a Vega-Lite spec (dict or JSON text) to SVG; no URL may be loaded.

    Example:
        >>> to_svg(_WARM_UP).startswith("<svg")
        True
    """
    return _with_pinned_fonts(lambda: vlc.vegalite_to_svg(
        spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]))


def to_png(svg: str) -> bytes:
    r"""Rasterise an SVG at ``PNG_SCALE`` times its size.

    Example:
        >>> to_png(to_svg(_WARM_UP))[:4]
        b'\x89PNG'
    """
    return _with_pinned_fonts(lambda: vlc.svg_to_png(svg, scale=PNG_SCALE))


def _bundle_path() -> Path:
    return paths.CACHE_DIR / f"vega-bundle-{vlc.__version__}-vl{VEGA_LITE_VERSION}.js"


@cache
def vega_bundle() -> str:
    """The Vega, Vega-Lite and Vega-Embed JavaScript, bundled by vl-convert.

    Bundling takes about two seconds, so the result is kept in ``paths.CACHE_DIR`` keyed by
    the vl-convert and Vega-Lite versions (``make`` builds it during set-up). It is
    the same text every time, so keeping it cannot change a figure.

    Example:
        >>> "vegaEmbed" in vega_bundle()
        True
    """
    cached = _bundle_path()
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    register_fonts()  # should this be vl-convert's first call: its fonts are set up here
    bundle = vlc.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # a read-only home only costs the bundling next time
    return bundle


class _Worker:
    """A ``python -m analysis.render --worker`` process: spec in, SVG and PNG out, by pipe.

    A plain subprocess rather than multiprocessing: it never re-imports the caller's
    main module, so any script or notebook can start one. It warms Vega up as soon as
    it starts, while the caller is still building its specs.
    """

    def __init__(self, cut: Path | None) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "analysis.render", "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env={**os.environ, _CUT_FOLDER: str(cut)} if cut else None)

    def ask(self, request: bytes) -> bytes:
        """Send one request and return the answer; a failure in the worker is raised here."""
        try:
            _send(self._process.stdin, request)
            answer = _receive(self._process.stdout)
        except OSError as error:
            raise RuntimeError("a rendering worker process stopped") from error
        if answer[:1] != b"O":
            raise RuntimeError(f"rendering failed: {answer[1:].decode('utf-8', 'replace')}")
        return answer[1:]

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait()
        self._process.stdout.close()


def _send(stream: BinaryIO, data: bytes) -> None:
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> bytes:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the stream ended")
    return stream.read(struct.unpack(">Q", head)[0])


def _answer(request: bytes) -> bytes:
    """Answer one request: the Vega bundle, an SVG with or without its PNG, or a PNG.

    ``B``: the bundle; ``R`` + spec JSON: SVG length, SVG and PNG; ``S`` + spec JSON:
    the same without the PNG; ``P`` + SVG: the PNG of that SVG.
    """
    kind = request[:1]
    if kind == b"B":
        return vega_bundle().encode("utf-8")
    if kind == b"P":
        return to_png(request[1:].decode("utf-8"))
    # Back to Python objects first: vl-convert reads JSON text with a float parser that
    # can miss the last digit, and the bytes must match an in-process render.
    svg = to_svg(json.loads(request[1:])).encode("utf-8")
    png = to_png(svg.decode("utf-8")) if kind == b"R" else b""
    return struct.pack(">Q", len(svg)) + svg + png


def _worker_loop(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Answer every request read from ``stdin`` until it closes: ``O`` + answer or ``E`` + why."""
    # Below the caller in the scheduler: the caller builds the specs these processes
    # wait for, and with as many workers as cores their warm-up would slow it down.
    if hasattr(os, "nice"):  # not on Windows
        os.nice(5)
    to_svg(_WARM_UP)
    while True:
        try:
            request = _receive(stdin)
        except EOFError:
            return
        try:
            _send(stdout, b"O" + _answer(request))
        except Exception as error:  # the caller raises it; this process keeps serving
            _send(stdout, b"E" + f"{type(error).__name__}: {error}".encode())


class Renderer:
    r"""SVG and PNG for many specs at once, on every core; use as a context manager.

    Each of ``workers`` processes (default: one per core, at most four) renders a spec to
    SVG and rasterises that SVG to PNG; a caller that shows only the SVG asks for no
    PNG (``submit(spec, png=False)``), two fifths of the work saved. vl-convert holds the
    interpreter while it works, so processes, not threads, are what run in parallel.
    Start the renderer early: a worker's first Vega render costs about half a second and
    is paid while the caller builds its specs. With ``workers=0`` everything is rendered
    in this process.

    Example:
        >>> with Renderer(workers=0) as renderer:
        ...     svg, png = renderer.submit(_WARM_UP).result()
        >>> svg.startswith("<svg"), png[:4]
        (True, b'\x89PNG')
    """

    def __init__(self, workers: int | None = None) -> None:
        # More workers than cores only adds warm-ups; past four, the figures run out.
        count = min(4, os.cpu_count() or 1) if workers is None else workers
        from concurrent.futures import ThreadPoolExecutor  # not needed by the workers

        # Cut here once, not by every worker at the same time.
        cut = chart_font_dir() if count else None
        self._workers = [_Worker(cut) for _ in range(count)]
        self._free: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        for worker in self._workers:
            self._free.put(worker)
        self._pool = ThreadPoolExecutor(max_workers=max(1, count), thread_name_prefix="render")
        # Bundling, when no earlier set-up kept the result, is two seconds of Vega work:
        # a worker does it, alongside the figures.
        self._bundle = (self._pool.submit(self._ask, b"B")
                        if self._workers and not _bundle_path().is_file() else None)

    def _ask(self, request: bytes) -> bytes:
        worker = self._free.get()
        try:
            return worker.ask(request)
        finally:
            self._free.put(worker)

    def _render(self, spec: dict, png: bool) -> tuple[str, bytes | None]:
        if not self._workers:
            svg = to_svg(spec)
            return svg, to_png(svg) if png else None
        answer = self._ask((b"R" if png else b"S") + json.dumps(spec).encode("utf-8"))
        length = struct.unpack(">Q", answer[:8])[0]
        return answer[8:8 + length].decode("utf-8"), answer[8 + length:] if png else None

    @overload
    def submit(self, spec: dict, png: Literal[True] = True) -> Future[tuple[str, bytes]]: ...
    @overload
    def submit(self, spec: dict, png: Literal[False]) -> Future[tuple[str, None]]: ...

    def submit(self, spec: dict, png: bool = True) -> Future[Any]:
        """Queue one spec; the future gives ``(svg, png)``, ``png`` None when not asked for."""
        return self._pool.submit(self._render, spec, png)

    def submit_png(self, svg: str) -> Future[bytes]:
        """Queue the rasterising of an SVG this renderer drew; the future gives the PNG.

        The same bytes as ``submit(spec)`` gives with the SVG: for a caller that learns
        only later that it needs the PNG.
        """
        if not self._workers:
            return self._pool.submit(to_png, svg)
        return self._pool.submit(self._ask, b"P" + svg.encode("utf-8"))

    def bundle(self) -> str:
        """The Vega JavaScript bundle (read from the cache, or built by a worker)."""
        if self._bundle is None:
            return vega_bundle()
        return self._bundle.result().decode("utf-8")

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)
        for worker in self._workers:
            worker.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        _worker_loop(sys.stdin.buffer, sys.stdout.buffer)
    else:  # ``python -m analysis.render``: build the bundle and the chart font once, at set-up
        sys.stdout.write(f"{len(vega_bundle())} bytes of Vega JavaScript cached\n")
        sys.stdout.write(f"chart fonts in {chart_font_dir()}\n")
