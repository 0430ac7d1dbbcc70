"""The Flask app: form, JSON API, form-tool and Jira webhooks, FAQ pages, operations."""
