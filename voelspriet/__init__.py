"""Voelspriet: ambassadors' questions to Jira and answers back into an FAQ."""

__version__ = "0.1.0"
