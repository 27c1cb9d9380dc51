"""People, competence (ISO 9001 7.2/7.3) and the Social Media Buddy programme.

A person *is* a membership (``core.Membership``) with a profile: no second people table.
"""
