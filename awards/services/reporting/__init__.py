"""Reporting: sơ kết (interim) and tổng kết (annual) reports, programmes, the report desk."""
