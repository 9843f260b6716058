"""`waimao check` on a file: JSON for machines, a table for people, clean errors."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from waimao.cli.check import check_command
from waimao.cli.common import WaimaoGroup

app = typer.Typer(cls=WaimaoGroup)
app.command("check")(check_command)


@app.callback()
def _root() -> None:
    """A local app: the lead registers check_command in waimao.cli."""


TEXT = ("本报讯 一季度，青海省进出口总值18.8亿元，比去年同期（下同）增长87.8%。其中，出口16.5亿元，"
        "增长2.1倍；进口3.3亿元，下降50.3%。")


def test_check_json_reports_verdicts(tmp_path, demo_db):
    path = tmp_path / "q1.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--db", str(demo_db), "--json", "--year", "2025"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    verdicts = {(c["flow"], c["metric"]): c["verdict"] for c in data["claims"]}
    assert verdicts[("export", "value")] == "confirmed"
    # 16.5 + 3.3 = 19.8 ≠ 18.8: the text contradicts itself, and the total is the figure flagged.
    assert verdicts[("total", "value")] == "inconsistent"
    assert verdicts[("import", "value")] == "contradicted"   # the data give 2.3亿元
    assert data["summary"]["claims"] == 6


def test_check_table_and_missing_file(tmp_path, demo_db):
    path = tmp_path / "q1.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(path), "--db", str(demo_db), "--problems", "--year", "2025"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "inconsistent" in result.output and "contradicted" in result.output
    missing = runner.invoke(app, ["check", str(tmp_path / "nope.txt"), "--db", str(demo_db)])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
