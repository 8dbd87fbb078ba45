"""Đăng ký thi đua: registrations of titles at the start of the year."""
