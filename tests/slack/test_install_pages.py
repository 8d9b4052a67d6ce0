"""The "Add to Slack" pages: texts from prompts/install.yaml, everything escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.slack.install import load_install_pages, render_page
from prompts.errors import ConfigError


def test_success_page_escapes_the_workspace_name() -> None:
    pages = load_install_pages()
    page = render_page(pages, pages.success, team='<script>alert("x")</script>')
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_install_page_links_its_button_with_the_url_escaped() -> None:
    pages = load_install_pages()
    page = render_page(pages, pages.install, link='https://slack.com/a?x=1&y="2"')
    assert 'href="https://slack.com/a?x=1&amp;y=&quot;2&quot;"' in page
    assert pages.install.button is not None
    assert pages.install.button in page


def test_install_pages_with_a_missing_text_fail_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "install.yaml"
    broken.write_text("title: alignbot\ninstall: {heading: Add, lines: []}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="success"):
        load_install_pages(broken)
