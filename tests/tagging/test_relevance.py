"""The relevance stage: out-of-scope categories make no event, in-scope near-misses do, the score is
calibrated and explained, and inference reads only the shipped artifact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from apps.tagging import relevance
from tests.tagging.conftest import DEVSET, ROOT, seed_records
from tests.tagging.relevance_cases import IN_SCOPE, OUT_OF_SCOPE

PUBLISHED = date(2025, 11, 20)


@pytest.mark.parametrize("category", sorted(OUT_OF_SCOPE))
def test_each_out_of_scope_category_makes_no_event(judge, category):
    title, text, _ = OUT_OF_SCOPE[category]
    extraction = judge(text, title, PUBLISHED)
    assert not extraction.relevance.in_scope, (category, extraction.relevance)
    assert extraction.relevance.score < relevance.default_model().threshold
    assert extraction.events == []
    assert extraction.relevance.reasons  # the editor sees why


def test_out_of_scope_articles_keep_their_tags_but_no_party(judge):
    title, text, _ = OUT_OF_SCOPE["trade"]
    extraction = judge(text, title, PUBLISHED)
    assert {"CN", "US"} <= set(extraction.mentioned_countries)
    assert not any(tag.is_party for tag in extraction.countries)


@pytest.mark.parametrize("case", sorted(IN_SCOPE))
def test_in_scope_near_misses_make_their_event(judge, case):
    title, text, _ = IN_SCOPE[case]
    extraction = judge(text, title, PUBLISHED)
    assert extraction.relevance.in_scope, (case, extraction.relevance)
    assert extraction.events
    assert any(reason.startswith("+") for reason in extraction.relevance.reasons)


def test_near_misses_cover_several_languages():
    assert {language for _, _, language in IN_SCOPE.values()} >= {"id", "en", "ms", "ko", "zh"}
    assert {language for _, _, language in OUT_OF_SCOPE.values()} >= {"id", "en", "ms", "ko", "zh"}


def test_reasons_name_the_category_that_weighs_against(judge):
    title, text, _ = OUT_OF_SCOPE["defence"]
    reasons = judge(text, title, PUBLISHED).relevance.reasons
    assert any(r.startswith("- ") and "defence vocabulary" in r for r in reasons), reasons
    title, text, _ = OUT_OF_SCOPE["energy"]
    reasons = judge(text, title, PUBLISHED).relevance.reasons
    assert any(r.startswith("- ") and "oil, gas and mining" in r for r in reasons), reasons


def test_the_seeds_stay_in_scope(judge):
    for record in seed_records():
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        extraction = judge(record["text"], record["title"], published)
        assert extraction.relevance.in_scope, record["id"]
        assert extraction.relevance.score >= 0.75, (record["id"], extraction.relevance.score)  # with a margin


def test_a_subject_without_diplomacy_and_diplomacy_without_a_subject_are_both_out(judge):
    no_subject = judge(
        "Korea Selatan dan China menandatangani sembilan perjanjian perdagangan dan tarif baja di Beijing.",
        "Korsel-China Teken 9 Perjanjian Dagang",
    )
    no_partner = judge(
        "Perusahaan rintisan Jakarta meluncurkan aplikasi AI untuk mengedit foto. Harga langganan Rp49 ribu "
        "per bulan dan sudah diunduh 100 ribu pengguna.",
        "Startup Lokal Luncurkan Aplikasi AI Edit Foto",
    )
    assert not no_subject.relevance.in_scope and no_subject.events == []
    assert not no_partner.relevance.in_scope and no_partner.events == []


def test_hashed_ngrams_are_the_same_in_every_process():
    text = "korea and indonesia sign ai mou 한국 인도네시아 협약"
    buckets = relevance.hashed_ngrams(text)
    assert buckets.min() >= 0 and buckets.max() < 1 << relevance.NGRAM_BITS
    assert len(buckets) == sum(len(text) - n + 1 for n in relevance.NGRAM_SIZES)
    assert relevance.hashed_ngrams("  ").tolist() == []
    # Python's str hash is salted per process; the artifact's buckets must not depend on it.
    code = f"from apps.tagging.relevance import hashed_ngrams; print(hashed_ngrams({text!r}).tolist())"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == buckets.tolist()


def test_the_artifact_is_small_and_read_without_scikit_learn():
    data = json.loads(relevance.ARTIFACT.read_text(encoding="utf-8"))
    assert data["schema"] == relevance.SCHEMA
    assert set(data["weights"]) == set(relevance.feature_names())
    assert 0.0 < data["threshold"] < 1.0
    assert relevance.ARTIFACT.stat().st_size < 200_000
    # a worker imports neither scikit-learn nor scipy to score
    code = (
        "import sys; from apps.tagging import relevance; relevance.load_model(); "
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_neutral_model_keeps_every_event(gaz):
    from apps.tagging.pipeline import extract

    title, text, _ = OUT_OF_SCOPE["sports"]
    kept = extract(title, text, gaz, published=PUBLISHED, relevance_model=relevance.neutral_model())
    assert kept.relevance.score == 0.5 and kept.relevance.in_scope


def test_an_artifact_of_another_schema_is_refused(tmp_path):
    data = json.loads(relevance.ARTIFACT.read_text(encoding="utf-8"))
    data["schema"] = relevance.SCHEMA + 1
    path = tmp_path / "relevance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="schema"):
        relevance.load_model(path)


@pytest.mark.skipif(not DEVSET.exists(), reason="the development set is not in tests/data yet")
def test_relevance_meets_the_targets_on_both_splits(gaz):
    from apps.tagging.evaluation import calibration_table, evaluate, read_dataset

    evaluation = evaluate(read_dataset(DEVSET), gaz, today=date(2026, 11, 23))
    for name, report in [("whole", evaluation.whole), *evaluation.splits.items()]:
        assert report.relevance.precision >= 0.9, name
        assert report.relevance.recall >= 0.9, name
    # calibrated: the top bin is nearly all in scope, the bottom bin nearly none
    table = {row[0]: row for row in calibration_table(evaluation.whole.scores, evaluation.whole.in_scope)}
    assert table["0.9-1.0"][3] >= 0.9
    assert table["0.0-0.1"][3] <= 0.1
