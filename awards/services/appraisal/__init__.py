"""Appraisal (thẩm định): completeness, criteria, quotas; draft simulation; the secretariat's
desk."""
