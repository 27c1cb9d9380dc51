"""Management review (ISO 9001 9.3): the input pack of a period, the minutes and the decided outputs."""
