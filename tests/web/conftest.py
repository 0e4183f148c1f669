"""Fixtures for the dashboard tests: `world` (countries, ASEAN, topics) lives in tests/conftest.py,
shared with tests/events; the row builders live in tests/web/builders.py."""
