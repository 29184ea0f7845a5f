"""The research committee's records, one module per job; Django finds them all here."""
