import json

import jsonschema
import pytest

from dateline.config import Settings
from dateline.errors import OutputError
from dateline.pipeline import run_build
from dateline.render._files import write_atomic
from dateline.render.json import json_chunks, load_schema, timeline_to_dict, write_json
from dateline.render.markdown import escape, render_markdown

HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) | *bold* `code`"


@pytest.fixture
def timeline(tmp_path, article_text):
    (tmp_path / "a.txt").write_text(f"Title: {HOSTILE}\nOutlet: <img src=x onerror=alert(1)>\n\n{article_text}")
    (tmp_path / "b.jsonl").write_text("not json\n")
    return run_build([tmp_path / "a.txt", tmp_path / "b.jsonl"], Settings()).timeline


def test_timeline_json_follows_the_shipped_schema(timeline):
    data = json.loads(json.dumps(timeline_to_dict(timeline)))
    jsonschema.validate(data, load_schema())
    assert data["schema"] == "dateline.timeline/1"
    assert data["skipped"][0]["reason"].startswith("not valid JSON")


def test_timeline_json_written_piece_by_piece_holds_the_same_data(timeline, tmp_path):
    path = tmp_path / "timeline.json"
    write_json(timeline, path)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(timeline_to_dict(timeline)))
    assert "".join(json_chunks(timeline)) == path.read_text(encoding="utf-8")


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_one(tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")

    def pieces():
        yield "new, "
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError):
        write_atomic(path, pieces())
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_every_entry_source_is_a_span_of_its_article_text(timeline):
    data = timeline_to_dict(timeline)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for entry in data["entries"]:
        for sentence, source in zip(entry["summary"], entry["sources"], strict=True):
            assert texts[source["article"]][source["start"] : source["end"]] == sentence


def test_markdown_escapes_markup_from_article_content(timeline):
    text = render_markdown(timeline)
    assert "<script>" not in text and "<img" not in text
    assert "[click](javascript:" not in text  # the brackets are escaped: no link forms
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize("raw", ["a|b", "<b>", "[x](y)", "# heading", "line\nbreak", "back\\slash", "AT&T"])
def test_escaped_text_keeps_its_characters_readable(raw):
    escaped = escape(raw)
    assert "\n" not in escaped
    unescaped = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for ch in "".join(raw.split()):
        assert ch in unescaped
