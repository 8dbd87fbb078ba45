"""Escalation: one tờ trình per round × next level × award form, and its documents."""
