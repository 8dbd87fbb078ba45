"""awards."""
