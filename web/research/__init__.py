"""Research mode for usability testing: scenarios, sessions, a per-session clock and a record."""
