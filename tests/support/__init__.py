"""Helpers that test modules share (files, filled-in forms, requests filed and moved, the browser's tools).

Fixtures live in conftest.py files; a test module imports helpers from here, never from another
test module or another package's conftest.
"""
