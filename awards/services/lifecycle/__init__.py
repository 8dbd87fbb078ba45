"""Moving dossiers: plan a move, apply one or many, with deadlines, notices and the audit chain."""
