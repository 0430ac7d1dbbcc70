"""Answers flow back: Jira issues → FAQ entries, the FAQ outputs, and the ambassador's e-mail.

Processing is order-proof: every webhook or reconcile hit only says "issue X changed"; the
issue is re-read from Jira and its FAQ entry recomputed from that current state.
"""
