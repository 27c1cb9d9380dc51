"""State changes of the competence app: named actions (``core.guards``) that write the audit trail."""
