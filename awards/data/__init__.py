"""The application's shipped data files (catalogue, unit kinds, calendar, report policy…)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
