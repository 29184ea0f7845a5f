"""Servers the tests, scripts/scale_test.py and bench/ start on loopback, and the production
profile's environment: here rather than in tests/ so that scripts import nothing from tests/."""
