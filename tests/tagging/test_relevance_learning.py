"""Editors' decisions as labels, the train_relevance command, and the relevance parts of the extract
and evaluate_extraction commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from apps.news.models import Article
from apps.tagging import relevance
from apps.tagging.labels import record_label
from apps.tagging.models import RelevanceLabel
from tests.tagging.conftest import DEVSET
from tests.tagging.relevance_cases import IN_SCOPE, OUT_OF_SCOPE


def _article(url: str, title: str, text: str) -> Article:
    return Article.objects.create(
        url=url, title=title, text=text, language="id", published_at=datetime(2025, 11, 20, tzinfo=UTC)
    )


@pytest.fixture
def small_devset(tmp_path):
    """Twenty-four development articles (both labels, both splits): enough to train, quick to read."""
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    inside = [r for r in rows if r["split"] == "tune" and r["labels"]["in_scope"]]
    outside = [r for r in rows if r["split"] == "tune" and not r["labels"]["in_scope"]]
    chosen = inside[:8] + outside[:8] + [r for r in rows if r["split"] == "holdout"][:8]
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    return path


def test_editor_decisions_become_labels(db, editor):
    article = _article("https://example.id/a", "Judul", "Isi")
    assert record_label(article, "confirm", editor).in_scope is True
    assert record_label(article, "reject_wrong", editor).in_scope is True
    assert record_label(article, "promote", editor).in_scope is True
    latest = record_label(article, "reject_out_of_scope", editor)
    assert latest.in_scope is False and latest.user == editor
    assert list(RelevanceLabel.objects.latest_per_article()) == [latest]
    with pytest.raises(ValueError):
        record_label(article, "maybe", editor)


def test_a_label_contradicting_its_decision_is_refused(db):
    article = _article("https://example.id/b", "Judul", "Isi")
    with pytest.raises(IntegrityError):
        RelevanceLabel.objects.create(article=article, decision="reject_out_of_scope", in_scope=True)


def test_extract_json_of_an_out_of_scope_article_has_no_events(reference_data, monkeypatch):
    title, text, _ = OUT_OF_SCOPE["sports"]
    monkeypatch.setattr("sys.stdin", StringIO(text))
    out = StringIO()
    call_command("extract", "-", "--title", title, "--published", "2025-11-20", stdout=out)
    data = json.loads(out.getvalue())
    assert data["relevance"]["in_scope"] is False
    assert 0.0 <= data["relevance"]["score"] < relevance.default_model().threshold
    assert data["relevance"]["reasons"] and all(r[:2] in ("+ ", "- ") for r in data["relevance"]["reasons"])
    assert data["events"] == []
    assert "ID" in data["mentioned_countries"]  # still tagged and searchable


def test_train_relevance_reports_before_and_after_and_is_deterministic(db, small_devset, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    out = StringIO()
    call_command("train_relevance", "--dataset", str(small_devset), "--output", str(first), stdout=out)
    report = out.getvalue()
    assert "training on 16 development articles" in report and "8 held out" in report
    assert "after, tune" in report and "after, holdout" in report and "before," not in report
    call_command(
        "train_relevance", "--dataset", str(small_devset), "--output", str(second), stdout=StringIO()
    )
    assert first.read_bytes() == second.read_bytes()  # same inputs, same artifact

    again = StringIO()
    call_command("train_relevance", "--dataset", str(small_devset), "--output", str(first), stdout=again)
    assert "before, tune" in again.getvalue() and "before, holdout" in again.getvalue()
    model = relevance.load_model(first)
    assert model.info["tune_articles"] == 16 and model.info["editor_labels"] == 0
    assert 0.0 < model.threshold < 1.0


def test_train_relevance_learns_from_editors_labels(db, small_devset, tmp_path, editor):
    for n, case in enumerate(sorted(IN_SCOPE)):
        title, text, _ = IN_SCOPE[case]
        record_label(_article(f"https://example.id/in/{n}", title, text), "promote", editor)
    title, text, _ = OUT_OF_SCOPE["sports"]
    wrong = _article("https://example.id/out/1", title, text)
    record_label(wrong, "confirm", editor)
    record_label(wrong, "reject_out_of_scope", editor)  # the later decision counts
    output = tmp_path / "labelled.json"
    out = StringIO()
    call_command("train_relevance", "--dataset", str(small_devset), "--output", str(output), stdout=out)
    assert f"and {len(IN_SCOPE) + 1} editors' labels" in out.getvalue()
    assert "after, editors' labels" in out.getvalue()
    model = relevance.load_model(output)
    assert model.info["editor_labels"] == len(IN_SCOPE) + 1

    without = tmp_path / "without.json"
    call_command(
        "train_relevance",
        "--dataset",
        str(small_devset),
        "--output",
        str(without),
        "--no-labels",
        stdout=StringIO(),
    )
    assert relevance.load_model(without).info["editor_labels"] == 0
    assert without.read_bytes() != output.read_bytes()


def test_train_relevance_refuses_a_missing_dataset(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "train_relevance", "--dataset", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "x")
        )


def test_evaluate_extraction_reports_relevance_calibration_and_languages_per_split(reference_data):
    out = StringIO()
    call_command("evaluate_extraction", str(DEVSET), "--verbose", stdout=out)
    text = out.getvalue()
    for heading in ("== whole set ==", "== tune ==", "== holdout ==", "== per language =="):
        assert heading in text
    whole, tune, holdout = text.split("\n\n")[:3]
    assert "out of scope)" in whole.splitlines()[1]
    for block in (whole, tune, holdout):
        assert any(line.startswith("relevance ") for line in block.splitlines())
        assert "calibration: score bin, articles, mean score, observed in scope" in block
    languages = text.split("== per language ==")[1].splitlines()
    assert languages[1].split()[:3] == ["lang", "split", "n"]
    rows = [line.split() for line in languages[2:] if line.strip() and not line.startswith("  ")]
    assert {row[1] for row in rows} == {"tune", "holdout"}
    assert {"id", "en", "ms", "ko", "zh"} <= {row[0] for row in rows}
