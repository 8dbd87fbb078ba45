"""The organisation: unit kinds and units, effective-dated."""
