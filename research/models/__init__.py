"""Social research records, one module per job; Django finds them all here."""
