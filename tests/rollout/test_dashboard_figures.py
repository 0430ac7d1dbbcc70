"""The dashboard's figures from the store: matrix, blockers, median, silent teams, weekly trend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rollout.dashboard import build_dashboard
from store.models import QuestionStatus
from tests.rollout.seed import add_question

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)  # go-live (example mappings) is Monday 2027-03-01
ANSWERED, RECEIVED, CLOSED = QuestionStatus.ANSWERED, QuestionStatus.RECEIVED, QuestionStatus.CLOSED


def test_matrix_blockers_and_median(runtime):
    db = runtime.db
    day = timedelta(days=1)
    add_question(db, team="kcc", theme="training", created_at=NOW - 2 * day)
    add_question(db, team="kcc", theme="training", status=RECEIVED, urgency="blokkerend", created_at=NOW - day)
    add_question(db, team="kcc", theme="training", status=ANSWERED, created_at=NOW - 5 * day,
                 answered_at=NOW - 4 * day)  # 1 day
    add_question(db, team="kcc", theme="koppelingen", status=ANSWERED, created_at=NOW - 9 * day,
                 answered_at=NOW - 6 * day)  # 3 days
    add_question(db, team="kcc", theme="koppelingen", status=ANSWERED, created_at=NOW - 8 * day,
                 answered_at=NOW - 3 * day)  # 5 days
    add_question(db, team="belastingen", theme="training", status=CLOSED, created_at=NOW - day)
    add_question(db, team="belastingen", theme="training", status=ANSWERED, urgency="blokkerend",
                 created_at=NOW - 3 * day, answered_at=NOW - 3 * day + timedelta(hours=6))

    board = build_dashboard(db, runtime.mappings, NOW)

    assert (board.cell("kcc", "training").open, board.cell("kcc", "training").answered) == (2, 1)
    assert (board.cell("kcc", "koppelingen").open, board.cell("kcc", "koppelingen").answered) == (0, 2)
    assert (board.cell("belastingen", "training").open, board.cell("belastingen", "training").answered) == (0, 1)
    assert board.cell("burgerzaken", "training").open == 0
    assert (board.teams["kcc"].blockers, board.teams["belastingen"].blockers, board.total.blockers) == (1, 0, 1)
    assert (board.themes["training"].open, board.themes["training"].answered) == (2, 2)
    assert (board.total.open, board.total.answered) == (2, 4)  # closed without FAQ is neither
    assert board.teams["kcc"].median_time_to_answer == timedelta(days=3)
    assert board.teams["belastingen"].median_time_to_answer == timedelta(hours=6)
    # all answers: 6 h, 1 d, 3 d, 5 d → the middle two averaged
    assert board.total.median_time_to_answer == timedelta(days=2)
    assert board.teams["vergunningen"].median_time_to_answer is None


def test_teams_without_a_recent_question_are_silent(runtime):
    mappings = runtime.mappings
    add_question(runtime.db, team="kcc", created_at=NOW - timedelta(days=mappings.silent_days - 1))
    add_question(runtime.db, team="belastingen", created_at=NOW - timedelta(days=mappings.silent_days + 1))

    board = build_dashboard(runtime.db, mappings, NOW)

    assert "kcc" not in board.silent_teams
    assert "belastingen" in board.silent_teams and "burgerzaken" in board.silent_teams
    assert len(board.silent_teams) == len(mappings.teams) - 1
    assert board.teams["belastingen"].last_question == NOW - timedelta(days=mappings.silent_days + 1)
    assert board.teams["burgerzaken"].last_question is None


def test_questions_per_week_around_go_live_in_amsterdam_time(runtime):
    go_live = runtime.mappings.go_live  # Monday 2027-03-01
    # Sunday 23:30 Amsterdam is still the week before go-live, though it is Sunday 22:30 UTC
    add_question(runtime.db, created_at=datetime(2027, 2, 28, 22, 30, tzinfo=UTC))
    add_question(runtime.db, created_at=datetime(2027, 2, 28, 23, 30, tzinfo=UTC))  # Monday 00:30 local
    add_question(runtime.db, created_at=datetime(2027, 3, 2, 9, 0, tzinfo=UTC))
    add_question(runtime.db, created_at=datetime(2027, 2, 8, 9, 0, tzinfo=UTC))  # week -3
    add_question(runtime.db, created_at=datetime(2027, 2, 1, 9, 0, tzinfo=UTC))  # before the window
    add_question(runtime.db, created_at=datetime(2027, 4, 12, 9, 0, tzinfo=UTC))  # week +6
    add_question(runtime.db, created_at=datetime(2027, 4, 19, 9, 0, tzinfo=UTC))  # after the window

    weeks = build_dashboard(runtime.db, runtime.mappings, NOW).weeks

    assert [w.offset for w in weeks] == list(range(-3, 7))
    by_offset = {w.offset: w for w in weeks}
    assert by_offset[0].start == go_live and by_offset[0].end == go_live + timedelta(days=7)
    assert by_offset[-3].start == go_live - timedelta(weeks=3)
    assert {w.offset: w.questions for w in weeks if w.questions} == {-3: 1, -1: 1, 0: 2, 6: 1}
