"""Internal audits (ISO 9001 9.2): the yearly audit programme, audits with scope, criteria and
independent auditors, checklists generated from the clause library, findings that become incidents,
and the report as PDF. The management review reads ``summary.audit_summary`` and ``upcoming_audits``."""
