"""The Jira side: one client, issue building, outbox delivery, reconciliation, sandbox Jira."""
