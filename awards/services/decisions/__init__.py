"""Quyết định khen thưởng a level issues itself: preview, issue (number, DOCX, moves), files."""
