import types

import dateline
from dateline.model import Timeline


def test_public_api_is_exactly_what_all_lists():
    public = {
        name for name in dir(dateline)
        if not name.startswith("_") and not isinstance(getattr(dateline, name), types.ModuleType)
    }
    assert public == set(dateline.__all__) - {"__version__"}


def test_build_returns_the_timeline_without_writing_anything(tmp_path, article_text, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(article_text)
    timeline = dateline.build(str(tmp_path / "a.txt"))
    assert isinstance(timeline, Timeline)
    assert [a.published.date.isoformat() for a in timeline.articles] == ["2022-06-06"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_build_with_out_writes_the_same_timeline_the_cli_writes(tmp_path, article_text):
    (tmp_path / "a.txt").write_text(article_text)
    timeline = dateline.build([tmp_path / "a.txt"], dateline.Settings(), out=tmp_path / "out")
    assert (tmp_path / "out" / "timeline.json").exists()
    assert timeline.entries[0].sources[0].article == timeline.articles[0].id
