"""Exemplar seats (đại biểu điển hình tiên tiến) at a round's conference, shared among units."""
