"""The worker processes: what a Standby process tells of its progress, and what workers send back."""

from __future__ import annotations

import pickle

from pipeline.catalog import Publishable
from pipeline.models import FileReport, Outcome
from pipeline.workers import Standby, told


def _count_to(total: int) -> int:
    for done in range(total + 1):
        told(done, total)
    return total


def _nothing(key: str) -> None:
    return None


def test_a_standby_process_tells_its_progress_by_hundredths_with_its_start_and_end():
    seen: list[tuple[int, int]] = []
    with Standby(["kk"], _nothing, None) as standby:
        assert standby.run([("kk", _count_to, 10_000)], lambda done, total: seen.append((done, total))) == [10_000]
    assert seen == [(0, 10_000)] + [(n * 100, 10_000) for n in range(1, 101)]


def test_a_standby_process_with_fewer_steps_than_hundredths_tells_each():
    seen: list[tuple[int, int]] = []
    with Standby(["ru"], _nothing, None) as standby:
        standby.run([("ru", _count_to, 7)], lambda done, total: seen.append((done, total)))
    assert seen == [(n, 7) for n in range(8)]


def _sent(value: object) -> object:
    """``value`` as a worker's result reaches the command (pickled both ways, as multiprocessing does)."""
    return pickle.loads(pickle.dumps(value))  # noqa: S301 (our own bytes, made just above)


def test_a_report_sent_by_a_worker_shares_its_detail_with_the_reports_like_it():
    detail = " ".join(["12", "of", "20", "translated"])  # made at run time, as a worker makes it
    made = [FileReport(f"build/ru/a{n}.txt", Outcome.CREATED, detail) for n in range(3)]
    received = [_sent(report) for report in made]
    assert received == made
    assert received[0].detail is received[1].detail is received[2].detail


def test_views_sent_by_workers_share_one_empty_set_of_fuzzy_msgids():
    views = [Publishable({}, frozenset(), "nplurals=2; plural=(n != 1);", "kk") for _ in range(2)]
    received = [_sent(view) for view in views]
    assert received == views
    assert received[0].fuzzy is received[1].fuzzy
    assert _sent(Publishable({"a": "б"}, frozenset({"x"}), "", "ru")).fuzzy == {"x"}
