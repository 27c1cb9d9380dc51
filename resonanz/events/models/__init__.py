"""The events app's models; each domain in a module of its own, re-exported here."""
