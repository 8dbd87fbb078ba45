"""One dossier and lists of them as a user sees them: the inbox, the dossier page, attachments."""
