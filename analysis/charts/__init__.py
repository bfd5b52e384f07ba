"""Charts: Altair figures drawn from the tables they are given, in any label language.

One function per figure. Each takes every table it draws (the analysis table, display
names, M49 codes, map topology, label positions) and a ``Labels``
(``vocabulary.load_labels``), and returns an Altair chart. Nothing here reads a file:
the notebooks and ``figures`` pass the same tables, so a briefing shows exactly the
chart an analyst saw, and a test can draw any chart from a small inline table.

The modules, lowest first: ``direction`` (every right-to-left decision, and the mirror
of a finished spec), ``layout`` (the canvas, text widths and wrapping), ``theme`` (the
shared look: font, palette, scales, title and source lines), then one module per family
of figures: ``bars``, ``engagement``, ``timeline``, ``status_map`` and ``series``.
"""

from __future__ import annotations

from analysis.charts.bars import (
    month_ticks,
    pending_signatories_chart,
    ratification_gap_chart,
    regional_participation_chart,
    voice_by_group_chart,
)
from analysis.charts.direction import oriented, right_to_left, rtl_legend_order
from analysis.charts.engagement import engagement_matrix_chart
from analysis.charts.layout import CANVAS, WIDTH
from analysis.charts.series import (
    attendance_grid_chart,
    engagement_accession_chart,
    meeting_labels,
    participation_series_chart,
)
from analysis.charts.status_map import map_layout, status_map_chart
from analysis.charts.theme import (
    INK,
    TOOLTIP_STYLE,
    count_axis,
    mark_test_data,
    palette_labels,
    source_line,
    theme_config,
)
from analysis.charts.timeline import accession_timeline_chart, place_timeline_labels
from analysis.vocabulary import ADHERENCE, BOUND, PALETTE

__all__ = [
    "ADHERENCE",
    "BOUND",
    "CANVAS",
    "INK",
    "PALETTE",
    "TOOLTIP_STYLE",
    "WIDTH",
    "accession_timeline_chart",
    "attendance_grid_chart",
    "count_axis",
    "engagement_accession_chart",
    "engagement_matrix_chart",
    "map_layout",
    "mark_test_data",
    "meeting_labels",
    "month_ticks",
    "oriented",
    "palette_labels",
    "participation_series_chart",
    "pending_signatories_chart",
    "place_timeline_labels",
    "ratification_gap_chart",
    "regional_participation_chart",
    "right_to_left",
    "rtl_legend_order",
    "source_line",
    "status_map_chart",
    "theme_config",
    "voice_by_group_chart",
]
