"""The Social Media Buddy programme: buddies, opt-ins, optimal matching, pairs, coaching plans and
profile checks."""
