import pytest

from dateline.config import Settings, load_settings
from dateline.errors import ConfigError


def test_project_file_overrides_defaults_and_flags_override_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dateline.toml").write_text("[dateline]\nworkers = 3\nbatch_size = 10\n")
    settings = load_settings(workers=2)
    assert settings.workers == 2 and settings.batch_size == 10
    assert settings.max_file_mb == Settings().max_file_mb


@pytest.mark.parametrize(
    "content, message",
    [
        ("[dateline\nworkers=2", "is not valid TOML"),
        ("[dateline]\nwokers = 2\n", "unknown setting(s) wokers"),
        ("[dateline]\nworkers = 'two'\n", "workers must be a number"),
        ("[dateline]\nworkers = 1.5\n", "workers must be a whole number"),
        ("[dateline]\nworkers = 0\n", "workers must be 1 or more"),
    ],
)
def test_a_bad_config_file_names_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert message in str(info.value)


def test_a_missing_config_file_given_explicitly_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
