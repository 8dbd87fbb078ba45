"""Nomination: a unit proposes people or collectives, one by one, in bulk, from a form or a file."""
