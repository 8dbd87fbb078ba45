"""The audit trail: verifying the hash chain and listing events."""
