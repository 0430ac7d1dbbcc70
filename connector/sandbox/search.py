"""Runs a JQL query over the stored issues: parse, check, filter, order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from connector.sandbox.errors import JiraApiError
from connector.sandbox.jql import JqlError, Query, parse
from connector.sandbox.jql_eval import Compiler
from connector.sandbox.render import USER_TIME_ZONE, parse_jira_time
from connector.sandbox.service import SandboxJira

UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."


def compile_query(jira: SandboxJira, jql: str, validate_keys: bool = True) -> tuple[Query, Compiler]:
    """Parse and check a query; Jira's 400 with its message when the query is wrong."""
    refs = {ref for issue in jira.store.issues() for ref in (issue["id"], issue["key"].casefold())}
    try:
        query = parse(jql)
        compiler = Compiler(jira.catalog, datetime.now(ZoneInfo(USER_TIME_ZONE)), refs, validate_keys)
        compiler.predicate(query)
        for name, _descending in query.order_by:
            compiler.sort_key(name)
    except JqlError as problem:
        raise JiraApiError(400, [str(problem)]) from None
    return query, compiler


def run_search(jira: SandboxJira, jql: str, validate_keys: bool = True, bounded: bool = False) -> list[dict]:
    """The matching issues in the query's order (newest first when it names none)."""
    query, compiler = compile_query(jira, jql, validate_keys)
    if bounded and query.where is None:
        raise JiraApiError(400, [UNBOUNDED])
    predicate = compiler.predicate(query)
    docs = [(issue, [c["body"] for c in jira.store.comments(issue["id"])]) for issue in _indexed(jira)]
    docs = [doc for doc in docs if predicate(doc)]
    docs.sort(key=lambda doc: int(doc[0]["id"]), reverse=True)
    for name, descending in reversed(query.order_by):
        docs.sort(key=compiler.sort_key(name), reverse=descending)
    return [issue for issue, _comments in docs]


def _indexed(jira: SandboxJira) -> list[dict]:
    """Issues the search index already knows: with `search_lag`, new issues stay out for a while."""
    lag = jira.faults.spec.search_lag
    issues = jira.store.issues()
    if not lag:
        return issues
    cutoff = datetime.now(UTC) - timedelta(seconds=lag)
    return [issue for issue in issues if parse_jira_time(issue["created"]) <= cutoff]
