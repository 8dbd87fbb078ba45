"""Mail: the outbox delivered as .eml files or through SMTP, reports with their attachment."""
