"""The whole year of a level: the reconciliation an inspection asks for (`tdkt year check`)."""
