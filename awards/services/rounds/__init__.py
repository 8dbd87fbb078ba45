"""Rounds of movements and the award catalogue they admit."""
