"""The timeline summarisation benchmark (bench/tls.py) on a tiny crisis-like folder.

The folder is written here (two topics, a few dates); nothing from ../shared.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import pathlib
import sys

import numpy as np
import pytest
from scipy import sparse

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


baselines = _load("tls_baselines")  # first, so that tls.py imports this one
tls = _load("tls")

D = dt.date


def _day(n: int) -> dt.date:
    return D(2020, 3, 1) + dt.timedelta(days=n)


# Sentences per day for topic "alpha" (days 0..9); day 4 is the busiest, then day 7.
ALPHA = {
    0: ["Alpha officials met in the capital .", "The alpha talks opened ."],
    1: ["Alpha protesters gathered at dawn ."],
    2: ["Police in alpha fired tear gas .", "Alpha clashes left two injured .", "Tear gas was used in alpha ."],
    3: ["The alpha cabinet resigned ."],
    4: ["Alpha president stepped down tonight .", "The alpha president resigned after weeks of protests .",
        "Crowds in alpha celebrated the president 's exit .", "Alpha army took control .",
        "Alpha president left the capital ."],
    5: ["Alpha curfew lifted ."],
    6: ["Alpha banks reopened .", "Alpha markets calm ."],
    7: ["Alpha election date set .", "The alpha election will be held in June .", "Alpha parties register ."],
    8: ["Alpha vote count begins ."],
    9: ["Alpha results announced ."],
}


def _write_topic(root: pathlib.Path, topic: str, days: dict[int, list[str]], refs: dict[str, dict[int, list[str]]]) -> None:
    folder = root / topic
    (folder / "gold").mkdir(parents=True)
    lines = ["time,Sentences"]
    for n, sentences in days.items():
        cell = repr(sentences).replace('"', '""')
        lines.append(f'{_day(n).isoformat()},"{cell}"')
    (folder / "dated-sentences.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, ref in refs.items():
        blocks = [f"{_day(n).isoformat()}\n" + "".join(s + " \n" for s in sents) + "-" * 32 + "\n" for n, sents in ref.items()]
        (folder / "gold" / f"{name}.txt").write_text("".join(blocks), encoding="utf-8")


@pytest.fixture
def crisis(tmp_path: pathlib.Path) -> pathlib.Path:
    """Two topics: alpha (two references) and beta (one)."""
    _write_topic(tmp_path, "alpha", ALPHA, {
        # 3 dates, 1/2/2 sentences: L=3, K=round(5/3)=2, window day 2..day 7
        "one": {2: ["Police fire tear gas at alpha protesters ."],
                4: ["The alpha president resigns .", "The army takes control ."],
                7: ["An election date is set .", "Parties register ."]},
        # 2 dates, 1 sentence each: L=2, K=1, window day 0..day 9
        "two": {0: ["Alpha talks open ."], 9: ["Alpha results are announced ."]},
    })
    _write_topic(tmp_path, "beta", {n: [f"Beta event number {n} happened .", f"Beta people reacted to event {n} ."]
                                    for n in range(6)},
                 {"ref": {1: ["Beta event one ."], 3: ["Beta event three ."], 4: ["Beta event four ."]}})
    return tmp_path


def test_protocol_takes_dates_sentences_and_window_from_the_reference():
    reference = {_day(2): ["a"], _day(4): ["b", "c"], _day(7): ["d", "e"]}
    task = tls.make_task("alpha", "one", reference)
    assert (task.dates, task.sentences) == (3, 2)
    assert (task.start, task.end) == (_day(2), _day(7))
    pool = [(_day(n), f"s{n}") for n in range(10)]
    assert [d for d, _ in tls.window(pool, task.start, task.end)] == [_day(n) for n in range(2, 8)]


def test_protocol_rounds_mean_sentences_per_date_as_news_tls():
    # round() as Python rounds it (news-tls uses the same): 2.5 -> 2, 1.75 -> 2
    assert tls.make_task("t", "r", {_day(0): ["a", "b"], _day(1): ["c", "d", "e"]}).sentences == 2
    assert tls.make_task("t", "r", {_day(0): ["a"], _day(1): ["b", "c"], _day(2): ["d", "e"],
                                    _day(3): ["f", "g"]}).sentences == 2


def test_every_system_gets_the_windowed_pool_with_l_and_k(crisis):
    calls = []

    def spy(pool, dates, sentences, keywords):
        calls.append((sorted({d for d, _ in pool}), len(pool), dates, sentences, list(keywords)))
        return [{}]

    run = tls.run_topic(crisis / "alpha", {"spy": spy})
    assert [t.name for t in run.tasks] == ["one", "two"]
    days_one, size_one, l_one, k_one, keywords = calls[0]
    assert days_one == [_day(n) for n in range(2, 8)]
    assert size_one == sum(len(ALPHA[n]) for n in range(2, 8))
    assert (l_one, k_one) == (3, 2)
    assert keywords == ["alpha"]  # no keywords.json: the topic's name
    assert calls[1][0] == [_day(n) for n in range(10)] and calls[1][2:4] == (2, 1)


def test_read_pool_skips_unreadable_rows_and_keeps_the_rest(tmp_path):
    path = tmp_path / "dated-sentences.csv"
    path.write_text(
        "time,Sentences\n"
        "2020-03-01,\"['One .', 'Two .']\"\n"
        "not a date,\"['Lost .']\"\n"
        "2020-03-02,\"['unterminated\"\n"
        "2020-03-03,\"'A lone string .'\"\n"
        "2020-03-04,\"[1, 'Kept .', '  ']\"\n",
        encoding="utf-8",
    )
    pool, skipped = tls.read_pool(path)
    assert pool == [(_day(0), "One ."), (_day(0), "Two ."), (_day(2), "A lone string ."), (_day(3), "Kept .")]
    assert skipped == 2


def test_read_pool_names_the_file_when_columns_are_missing(tmp_path):
    path = tmp_path / "dated-sentences.csv"
    path.write_text("date,text\n2020-03-01,x\n", encoding="utf-8")
    with pytest.raises(tls.DataError, match="needs the columns 'time' and 'Sentences'"):
        tls.read_pool(path)


def test_benchmark_prints_tables_per_topic_and_ends_with_json(crisis, capsys):
    out_md = crisis / "result.md"
    code = tls.main(["--data", str(crisis), "--systems", "random,most-mentioned", "--markdown-out", str(out_md)])
    assert code == 0
    out = capsys.readouterr().out
    assert "### alpha (2 reference timelines" in out and "### beta (1 reference timelines" in out
    assert "### all topics (3 reference timelines" in out
    last = json.loads(out.strip().splitlines()[-1])
    assert set(last) == {"random", "most-mentioned"}
    for row in last.values():
        assert set(row) == {"AR1", "AR2", "DateF1", "seconds"}
        assert all(0 <= row[k] <= 1 for k in ("AR1", "AR2", "DateF1"))
    markdown = out_md.read_text(encoding="utf-8")
    assert "python bench/tls.py --data" in markdown and "CPUs" in markdown and "Python" in markdown


def test_most_mentioned_takes_the_busiest_dates_with_k_sentences():
    pool = [(_day(n), s) for n, sents in ALPHA.items() for s in sents]
    timeline = baselines.most_mentioned(tls.window(pool, _day(2), _day(7)), 2, 2)
    assert sorted(timeline) == [_day(2), _day(4)]  # 5 sentences, then 3 (day 2 ties day 7: earlier first)
    assert all(len(s) == 2 for s in timeline.values())
    assert "Alpha president" in " ".join(timeline[_day(4)])


def test_random_baseline_is_reproducible_and_respects_l_and_k():
    pool = [(_day(n), s) for n, sents in ALPHA.items() for s in sents]
    first = baselines.random_timeline(pool, 3, 2, seed=1)
    assert first == baselines.random_timeline(pool, 3, 2, seed=1)
    assert len(first) == 3 and all(1 <= len(s) <= 2 for s in first.values())
    assert all(s in ALPHA[(d - _day(0)).days] for d, sents in first.items() for s in sents)


def test_missing_data_says_how_to_get_it_and_exits_2(tmp_path, capsys):
    assert tls.main(["--data", str(tmp_path / "nowhere")]) == 2
    assert "../shared/bench/crisis" in capsys.readouterr().err


def test_unavailable_system_is_reported_not_scored(crisis, capsys, monkeypatch):
    monkeypatch.setitem(tls.SYSTEMS, "dateline", lambda: "summarise_pool cannot be imported")
    assert tls.main(["--data", str(crisis), "--topics", "beta", "--systems", "dateline,random"]) == 0
    out = capsys.readouterr().out
    last = json.loads(out.strip().splitlines()[-1])
    assert last["dateline"]["AR1"] is None and "cannot be imported" in last["dateline"]["unavailable"]
    assert last["random"]["DateF1"] is not None
    assert "| dateline | – | – | – | summarise_pool cannot be imported |" in out


def test_unknown_system_is_a_usage_error(crisis):
    with pytest.raises(SystemExit) as exit_:
        tls.main(["--data", str(crisis), "--systems", "nope"])
    assert exit_.value.code == 2


def test_centroid_opt_skips_duplicates_and_sentences_without_keyword():
    texts = ["army fires on protesters", "army fires on protesters", "protesters and army clash", "weather report"]
    X = baselines.tfidf(texts)
    allowed = baselines.keyword_filter(texts, ["protest"])
    picked = baselines.centroid_opt(X, 3, allowed)
    assert picked[0] in (0, 1) and 2 in picked
    assert not {0, 1} <= set(picked) and 3 not in picked


def test_markov_clusters_separates_two_groups_joined_by_a_weak_edge():
    graph = np.zeros((6, 6))
    for group in ((0, 1, 2), (3, 4, 5)):
        for i in group:
            for j in group:
                if i != j:
                    graph[i, j] = 1.0
    graph[2, 3] = graph[3, 2] = 0.05
    assert baselines.markov_clusters(sparse.csr_matrix(graph)) == [[0, 1, 2], [3, 4, 5]]


def test_clust_and_datewise_keep_to_l_dates_and_k_sentences():
    pool = [(_day(n), s) for n, sents in ALPHA.items() for s in sents]
    for system in (baselines.clust, baselines.datewise):
        timeline = system(pool, 3, 2, ["alpha"])
        assert 1 <= len(timeline) <= 3
        assert all(1 <= len(s) <= 2 and all("alpha" in x.lower() for x in s) for s in timeline.values())
