"""Durable state: questions, their outbox jobs, webhook deliveries and FAQ entries."""
