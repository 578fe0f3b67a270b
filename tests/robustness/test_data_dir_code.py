"""A data directory runs no code: its templates render in Jinja2's sandbox unless the
operator trusts it (``build --trust-templates``), and its settings keep the cache inside
it unless the command line says otherwise (``--cache-dir``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from spiralld.cli import main

#: Ways out of a template to os.popen, each with what the sandbox refuses first.
ESCAPES = {
    "subclasses": ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                   "access to attribute '__class__' of 'str' object is unsafe."),
    "cycler": ("{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
               "access to attribute '__init__' of 'type' object is unsafe."),
    "joiner": ("{{ joiner.__init__.__globals__.os.popen('touch MARKER').read() }}",
               "access to attribute '__init__' of 'type' object is unsafe."),
    "lipsum": ("{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
               "access to attribute '__globals__' of 'function' object is unsafe."),
    "format": ("{{ '{0.__class__}'.format(page) }}",
               "access to attribute '__class__' of 'Head' object is unsafe."),
}


def build(data_dir: Path, out: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["build", str(data_dir), "--out", str(out), "-q",
                                     *options])


def error_line(result: Result) -> str:
    """The one line a failed command printed (stdout and standard error together)."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def override(data_dir: Path, name: str, text: str) -> Path:
    templates = data_dir / "templates"
    templates.mkdir(exist_ok=True)
    (templates / name).write_text(text, encoding="utf-8")
    return templates / name


# --- templates -------------------------------------------------------------------------

@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_a_template_reaching_for_python_fails_the_build_and_runs_nothing(
        escape: str, data_dir: Path, tmp_path: Path) -> None:
    payload, refused = ESCAPES[escape]
    marker = tmp_path / "marker"
    template = override(data_dir, "profile.html", "<!doctype html>\n<title>x</title>\n"
                        + payload.replace("MARKER", str(marker)) + "\n")
    result = build(data_dir, tmp_path / "site")
    assert error_line(result) == (
        f"Error: {template}:3: template not allowed in the sandbox: {refused} (templates "
        f"of a data directory render sandboxed; build --trust-templates if you trust this "
        f"one)")
    assert not marker.exists()
    assert not (tmp_path / "site").exists()


def test_a_benign_override_still_renders(data_dir: Path, tmp_path: Path) -> None:
    override(data_dir, "404.html", "<!doctype html>\n<title>{{ page.title }}</title>\n"
             "<p class=\"custom\">{{ site.title|upper }}: {{ ', '.join(['a', 'b']) }}</p>\n")
    result = build(data_dir, tmp_path / "site")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert "<p class=\"custom\">SPIRAL ENCYCLOPEDIA OF THE AI FIELD: a, b</p>" in page
    assert "<title>Page not found</title>" in page


def test_trusted_templates_render_unsandboxed(data_dir: Path, tmp_path: Path) -> None:
    override(data_dir, "404.html", "<p class=\"custom\">{{ ''.__class__.__name__ }}</p>\n")
    result = build(data_dir, tmp_path / "site", "--trust-templates")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert page == "<p class=\"custom\">str</p>\n"


def test_pages_rendered_trusted_are_not_carried_into_a_sandboxed_build(
        data_dir: Path, tmp_path: Path) -> None:
    """Whether templates render sandboxed is part of what a rebuild reuses pages by."""
    template = override(data_dir, "profile.html",
                        "<p class=\"custom\">{{ ''.__class__.__mro__ }}</p>\n")
    assert build(data_dir, tmp_path / "site", "--trust-templates").exit_code == 0
    result = build(data_dir, tmp_path / "site")
    assert error_line(result).startswith(
        f"Error: {template}:1: template not allowed in the sandbox: ")


def test_a_template_with_a_syntax_error_names_its_line(data_dir: Path, tmp_path: Path) -> None:
    template = override(data_dir, "404.html", "<p>\n{% if %}\n</p>\n")
    assert error_line(build(data_dir, tmp_path / "site")) == (
        f"Error: {template}:2: template: Expected an expression, got 'end of statement "
        f"block'")


def test_an_undefined_name_in_a_template_names_its_line(data_dir: Path,
                                                         tmp_path: Path) -> None:
    template = override(data_dir, "404.html", "<p>\n\n{{ nothing_here }}</p>\n")
    assert error_line(build(data_dir, tmp_path / "site")) == (
        f"Error: {template}:3: template: 'nothing_here' is undefined")


@pytest.mark.parametrize(("text", "said"), [
    ("{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
    ("{{ range(10 ** 9)|list|length }}", "OverflowError: Range too big. The sandbox blocks "
                                         "ranges larger than MAX_RANGE (100000)."),
])
def test_a_template_that_fails_at_run_time_names_its_line(text: str, said: str,
                                                          data_dir: Path,
                                                          tmp_path: Path) -> None:
    template = override(data_dir, "404.html", f"<p>\n{text}</p>\n")
    assert error_line(build(data_dir, tmp_path / "site")) == \
        f"Error: {template}:2: template: {said}"


# --- cache_dir -------------------------------------------------------------------------

def settings(data_dir: Path, cache_dir: str) -> Path:
    path = data_dir / "spiralld.toml"
    path.write_text(f'title = "Spiral encyclopedia of the AI field"\n'
                    f'cache_dir = "{cache_dir}"\n', encoding="utf-8")
    return path


def refusal(path: Path, data_dir: Path, cache_dir: str, target: Path) -> str:
    return (f"Error: {path}: cache_dir {cache_dir!r} leads out of the data directory "
            f"{data_dir} (to {target.resolve()}); the data's settings keep the cache inside "
            f"it (give --cache-dir to put it elsewhere)")


def test_a_cache_dir_up_and_out_is_refused(data_dir: Path, tmp_path: Path) -> None:
    toml = settings(data_dir, "../elsewhere")
    result = build(data_dir, tmp_path / "site")
    assert error_line(result) == refusal(Path(f"{toml}:2"), data_dir, "../elsewhere",
                                         tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere").exists()
    assert not (tmp_path / "site").exists()


def test_an_absolute_cache_dir_outside_is_refused(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "abs-cache"
    toml = settings(data_dir, str(outside))
    assert error_line(build(data_dir, tmp_path / "site")) == refusal(
        Path(f"{toml}:2"), data_dir, str(outside), outside)
    assert not outside.exists()


def test_a_cache_dir_through_a_symlink_out_is_refused(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "linked"
    outside.mkdir()
    (data_dir / "link").symlink_to(outside)
    toml = settings(data_dir, "link/cache")
    assert error_line(build(data_dir, tmp_path / "site")) == refusal(
        Path(f"{toml}:2"), data_dir, "link/cache", outside / "cache")
    assert list(outside.iterdir()) == []


def test_the_default_cache_dir_as_a_symlink_out_is_refused(data_dir: Path,
                                                           tmp_path: Path) -> None:
    outside = tmp_path / "linked"
    outside.mkdir()
    cache = data_dir / ".spiralld-cache"
    if cache.exists():
        import shutil
        shutil.rmtree(cache)
    cache.symlink_to(outside)
    assert error_line(build(data_dir, tmp_path / "site")) == refusal(
        cache, data_dir, ".spiralld-cache", outside)
    assert list(outside.iterdir()) == []


def test_a_cache_dir_inside_is_used(data_dir: Path, tmp_path: Path) -> None:
    settings(data_dir, "sub/../my-cache")
    result = build(data_dir, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert (data_dir / "my-cache" / "profiles.pack").is_file()


def test_the_command_line_may_put_the_cache_anywhere(data_dir: Path, tmp_path: Path) -> None:
    settings(data_dir, "../elsewhere")   # overridden, so not refused
    chosen = tmp_path / "chosen-cache"
    result = build(data_dir, tmp_path / "site", "--cache-dir", str(chosen))
    assert result.exit_code == 0, result.output
    assert (chosen / "profiles.pack").is_file()
    assert not (tmp_path / "elsewhere").exists()


def test_the_documented_refusals(data_dir: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The two refusals docs/operators.md shows under build, word for word (run from the data
    directory's parent, as there; the docs' home directory stands for tmp_path)."""
    readme = (Path(__file__).resolve().parents[2] / "docs" / "operators.md").read_text(
        encoding="utf-8")
    shown = [line for line in readme.splitlines()
             if line.startswith(("Error: data/templates/", "Error: data/spiralld.toml:"))]
    assert len(shown) == 2
    monkeypatch.chdir(data_dir.parent)
    override(data_dir, "profile.html", "<!doctype html>\n<title>x</title>\n"
             + ESCAPES["subclasses"][0] + "\n")
    assert error_line(build(Path("data"), Path("site"))) == shown[0]
    (data_dir / "templates" / "profile.html").unlink()
    settings(data_dir, "../elsewhere")
    assert error_line(build(Path("data"), Path("site"))) == \
        shown[1].replace("/home/me", str(tmp_path.resolve()))
