"""The workspace's templates and static files ship in the wheel, and the page needs nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from planforge.web.app import STATIC, TEMPLATES

ROOT = Path(__file__).resolve().parents[2]


def test_templates_and_static_files_are_package_data() -> None:
    from hatchling.builders.wheel import WheelBuilder

    shipped = {f.distribution_path for f in WheelBuilder(str(ROOT)).recurse_included_files()}
    for folder in (TEMPLATES, STATIC):
        for path in folder.iterdir():
            assert f"planforge/web/{folder.name}/{path.name}" in shipped, path.name


def test_pages_load_only_our_own_static_files() -> None:
    for template in TEMPLATES.glob("*.html"):
        html = template.read_text(encoding="utf-8")
        for banned in ("<script>", "<style", " style="):
            assert banned not in html, (template, banned)
        assert not re.search(r"\son[a-z]+=", html), template
        assert not re.search(r"(src|href)=\"(https?:)?//", html), template
    names = {p.name for p in STATIC.iterdir()}
    assert {"app.js", "app.css", "favicon.svg"} <= names
