"""The build step: the derived reference tables, rewritten from the raw sources (``make data``).

Owns turning ``data/raw`` into the tables of ``data/reference`` that are derived by code,
not compiled by hand: the treaty record and the dates of UN membership (``derive``), and
the world map with the small States' positions (``worldmap``). It runs when a source
changes (``python -m analysis data``), never when a report is analysed: nothing at run
time imports it, and it imports nothing that reads what it writes (``treaty``, ``study``);
the rules it shares with ``treaty`` live in ``treaty_rules``.
"""
