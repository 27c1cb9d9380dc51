"""The communication plan (ISO 9001:2015 clause 7.4): channels, audiences, topics, versioned plans."""
