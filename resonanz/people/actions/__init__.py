"""Actions of the people app: the only functions that change profiles, social profiles and leavers.

Each is guarded by ``core.guards.action``, runs in one transaction and writes its audit record. A person
changes their own profile (TAKE_PART); an administrator anyone's in the organization (MANAGE_PEOPLE).
"""
