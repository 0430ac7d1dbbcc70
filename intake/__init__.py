"""Intake: one validation and one way of storing a question, for the form, the API and form tools."""
