"""Reminders: the daily sweep and the inbox's "Nhắc việc" panel."""
