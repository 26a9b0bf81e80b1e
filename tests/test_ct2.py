"""The neural pivot on tiny real models built in the test run: layouts, directions, batching, cache, scoring, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import tinymodels

from aligner.cli import main
from aligner.errors import ModelError, ToolError
from aligner.translate import PivotOptions, build_translator
from aligner.translate.ct2 import CTranslate2Translator, DecodingSettings, length_sorted_batches
from aligner.translate.modeldir import find_model

LAYOUTS = ("opus-mt", "hf", "argos", "argos-zip")
BUILDERS = {
    "opus-mt": tinymodels.make_opus_mt,
    "hf": tinymodels.make_hf,
    "argos": tinymodels.make_argos_folder,
    "argos-zip": tinymodels.make_argos_zip,
}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every layout for fr->en, plus an OPUS-MT en->fr model."""
    root = tmp_path_factory.mktemp("models")
    built = {layout: build(root / layout) for layout, build in BUILDERS.items()}
    built["opus-mt-en-fr"] = tinymodels.make_opus_mt(root / "reverse", "en", "fr", seed=5)
    return built


def broken_copy(model: Path, tmp_path: Path) -> Path:
    """A copy of an OPUS-MT model folder to damage."""
    return Path(shutil.copytree(model, tmp_path / model.name))


def translator(model: Path, **kwargs: object) -> CTranslate2Translator:
    return CTranslate2Translator(model, **kwargs)  # type: ignore[arg-type]


# Layouts


@pytest.mark.parametrize(
    "layout, expected",
    [("opus-mt", "opus-mt"), ("hf", "hf"), ("argos", "argos"), ("argos-zip", "argos")],
)
def test_each_layout_is_detected_with_its_languages(models: dict[str, Path], layout: str, expected: str) -> None:
    files = find_model(models[layout])
    assert files.layout == expected
    assert files.translates() == "fr-en"
    assert files.append_source_eos == (layout == "hf")
    assert len(files.digest) == 10


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_translates(models: dict[str, Path], layout: str) -> None:
    pivot = translator(models[layout]).translate(tinymodels.FR_LINES[:3], "fr", "en")
    assert len(pivot) == 3
    assert all(p.text.strip() for p in pivot)


def test_a_hugging_face_folder_with_one_shared_sentencepiece_model(models: dict[str, Path], tmp_path: Path) -> None:
    folder = Path(shutil.copytree(models["hf"], tmp_path / "nllb-like"))
    (folder / "source.spm").rename(folder / "sentencepiece.bpe.model")
    (folder / "target.spm").unlink()
    files = find_model(folder)
    assert files.layout == "hf" and files.spm_paths == (folder / "sentencepiece.bpe.model",) * 2
    assert translator(folder).translate(["Le musée a rouvert."], "fr", "en")[0].text


def test_a_model_with_the_older_text_vocabulary(models: dict[str, Path], tmp_path: Path) -> None:
    """CTranslate2 before 3.0 wrote ``shared_vocabulary.txt``, one token per line."""
    folder = broken_copy(models["opus-mt"], tmp_path)
    tokens = json.loads((folder / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (folder / "shared_vocabulary.json").unlink()
    (folder / "shared_vocabulary.txt").write_text("".join(f"{token}\n" for token in tokens), encoding="utf-8")
    assert find_model(folder).source_vocabulary == tuple(tokens)
    texts = tinymodels.FR_LINES[:2]
    assert translator(folder).translate(texts, "fr", "en") == translator(models["opus-mt"]).translate(texts, "fr", "en")


def test_argos_zip_and_folder_are_the_same_model(models: dict[str, Path]) -> None:
    folder, archive = translator(models["argos"]), translator(models["argos-zip"])
    assert folder.translate(tinymodels.FR_LINES, "fr", "en") == archive.translate(tinymodels.FR_LINES, "fr", "en")
    assert folder.signature() == archive.signature()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_compare_runs_end_to_end_and_records_model_and_direction(
    models: dict[str, Path], layout: str, tmp_path: Path, examples_dir: Path
) -> None:
    out = tmp_path / "result.json"
    argv = ["compare", str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt")]
    assert main([*argv, "--model", str(models[layout]), "--cache-dir", str(tmp_path), "-o", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    name = find_model(models[layout]).identity
    assert result["pivot"]["translator"].startswith(f"ct2:{name},fr-en,int8")
    assert (result["pivot"]["side"], result["pivot"]["lang"]) == ("target", "en")
    assert result["settings"]["pivot"] == result["pivot"]["translator"]
    assert result["settings"]["direction"] == "target->en"


def test_compare_translates_the_source_side_with_an_en_fr_model(
    models: dict[str, Path], tmp_path: Path, examples_dir: Path
) -> None:
    out = tmp_path / "result.json"
    argv = ["compare", str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt"), "-o", str(out)]
    model = ["--model", str(models["opus-mt-en-fr"]), "--direction", "source-to-target", "--no-cache"]
    assert main([*argv, *model]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["pivot"]["translator"].startswith("ct2:opus-mt-en-fr@")
    assert ",en-fr," in result["pivot"]["translator"]
    assert (result["pivot"]["side"], result["pivot"]["lang"]) == ("source", "fr")


def test_cli_flags_reach_the_neural_pivot(models: dict[str, Path], tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "result.json"
    argv = ["compare", str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt"), "-o", str(out)]
    flags = ["--model-for", f"fr-en={models['hf']}", "--model-for", f"en-fr={models['opus-mt-en-fr']}"]
    flags += ["--beam-size", "2", "--compute-type", "float32", "--threads", "1", "--cache-dir", str(tmp_path)]
    assert main([*argv, *flags]) == 0
    translator_signature = json.loads(out.read_text(encoding="utf-8"))["pivot"]["translator"]
    assert translator_signature.startswith("ct2:opus-mt-fr-en-ct2@")
    assert translator_signature.endswith(",fr-en,float32,beam2,len1.5x+10")
    assert (tmp_path / "translations.sqlite3").is_file()


def test_a_malformed_model_for_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["compare", "a.txt", "b.txt", "--model-for", "fr-en"])
    assert exited.value.code == 2
    assert "expected SRC-TGT=PATH" in capsys.readouterr().err


def test_the_default_model_comes_from_the_environment(
    models: dict[str, Path], tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALIGNER_MODEL", str(models["opus-mt"]))
    out = tmp_path / "result.json"
    argv = ["compare", str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt"), "-o", str(out)]
    assert main([*argv, "--no-cache"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["pivot"]["translator"].startswith("ct2:opus-mt-fr-en@")


def test_each_direction_uses_its_own_model(models: dict[str, Path]) -> None:
    both = CTranslate2Translator(models={"fr-en": models["opus-mt"], "en-fr": models["opus-mt-en-fr"]})
    back = both.translate(tinymodels.FR_LINES[:2], "fr", "en")
    assert both.signature().startswith("ct2:opus-mt-fr-en@")
    forth = both.translate(tinymodels.EN_LINES[:2], "en", "fr")
    assert both.signature().startswith("ct2:opus-mt-en-fr@")
    assert back == translator(models["opus-mt"]).translate(tinymodels.FR_LINES[:2], "fr", "en")
    assert forth == translator(models["opus-mt-en-fr"]).translate(tinymodels.EN_LINES[:2], "en", "fr")


def test_options_pick_the_ct2_backend_and_its_settings(models: dict[str, Path]) -> None:
    options = PivotOptions(model=str(models["opus-mt"]), beam_size=3, compute_type="float32", cache_dir="")
    built = build_translator(options)
    assert isinstance(built, CTranslate2Translator)
    assert built.cache is None
    built.translate(["Le musée a rouvert."], "fr", "en")
    assert built.signature().endswith(",fr-en,float32,beam3,len1.5x+10")


def test_int8_is_the_default_on_cpu(models: dict[str, Path]) -> None:
    model = translator(models["opus-mt"]).model_for("fr", "en")
    assert model.device == "cpu"
    assert model.compute_type.startswith("int8")


def test_ctranslate2_loads_only_with_a_model() -> None:
    code = "import sys, aligner.translate.ct2, aligner.cli.common; print('ctranslate2' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "False"


# Batching and cache


def test_length_sorted_batches_cover_every_sentence_within_the_token_budget() -> None:
    lengths = [5, 40, 3, 12, 12, 7, 300, 1]
    batches = length_sorted_batches(lengths, max_tokens=48)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    flat = [lengths[i] for batch in batches for i in batch]
    assert flat == sorted(lengths)
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 48


def test_batched_output_is_the_same_as_one_by_one(models: dict[str, Path]) -> None:
    texts = tinymodels.FR_LINES + tinymodels.EN_LINES
    batched = translator(models["opus-mt"], compute_type="float32").translate(texts, "fr", "en")
    single = translator(models["opus-mt"], compute_type="float32", decoding=DecodingSettings(max_batch_tokens=1))
    assert batched == [single.translate([text], "fr", "en")[0] for text in texts]


def test_empty_and_repeated_segments_keep_their_places(models: dict[str, Path]) -> None:
    pivot = translator(models["opus-mt"]).translate(
        ["", tinymodels.FR_LINES[0], "  ", tinymodels.FR_LINES[0]], "fr", "en"
    )
    assert pivot[0].text == pivot[2].text == ""
    assert pivot[1] == pivot[3] and pivot[1].text


def test_rerun_hits_the_cache_and_retranslates_only_changed_sentences(models: dict[str, Path], tmp_path: Path) -> None:
    story = tinymodels.FR_LINES[:5]
    first = translator(models["opus-mt"], cache_dir=tmp_path)
    fresh = first.translate(story, "fr", "en")
    assert (first.translated, first.cache_hits) == (5, 0)

    again = translator(models["opus-mt"], cache_dir=tmp_path)  # a new run reads the cache on disk
    assert again.translate(story, "fr", "en") == fresh
    assert (again.translated, again.cache_hits) == (0, 5)
    assert again.loaded == {}  # an unchanged story does not even load the model

    corrected = [*story[:2], "Le musée a rouvert hier.", *story[3:]]
    again.translate(corrected, "fr", "en")
    assert (again.translated, again.cache_hits) == (1, 9)


def test_one_translator_serves_several_threads(models: dict[str, Path], tmp_path: Path) -> None:
    """Dask workers run pairs in threads with one translator: lazy loading and the SQLite cache must cope."""
    shared = translator(models["opus-mt"], cache_dir=tmp_path)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda lines: shared.translate(lines, "fr", "en"), [tinymodels.FR_LINES] * 8))
    assert all(result == results[0] for result in results)
    assert len(shared.loaded) == 1


def test_cache_is_keyed_by_model_and_decoding_settings(models: dict[str, Path], tmp_path: Path) -> None:
    translator(models["opus-mt"], cache_dir=tmp_path).translate(tinymodels.FR_LINES, "fr", "en")
    other_model = translator(models["hf"], cache_dir=tmp_path)
    other_model.translate(tinymodels.FR_LINES, "fr", "en")
    wider_beam = translator(models["opus-mt"], cache_dir=tmp_path, decoding=DecodingSettings(beam_size=2))
    wider_beam.translate(tinymodels.FR_LINES, "fr", "en")
    assert other_model.cache_hits == wider_beam.cache_hits == 0


# Scoring and attention


def test_token_scores_give_one_log_probability_per_target_piece_and_the_end(models: dict[str, Path]) -> None:
    pivot = translator(models["opus-mt"])
    scores = pivot.token_scores(tinymodels.FR_LINES[:3], tinymodels.EN_LINES[:3], "fr", "en")
    pieces = pivot.model_for("fr", "en").target_tokens(tinymodels.EN_LINES[:3])
    assert [len(s) for s in scores] == [len(p) + 1 for p in pieces]
    assert all(value < 0 for row in scores for value in row)


def test_token_scores_sum_to_the_score_of_the_models_own_translation(models: dict[str, Path]) -> None:
    """Checked against the decoder's own score, for translations that ended before the length cap.

    ``min_decoding_length=0`` because by default the decoder forbids ``</s>`` at the first step and renormalises.
    """
    pivot = translator(models["opus-mt"], compute_type="float32")
    model = pivot.model_for("fr", "en")
    sources = tinymodels.FR_LINES + tinymodels.EN_LINES
    results = model.translator.translate_batch(
        model.source_tokens(sources), return_scores=True, length_penalty=0, min_decoding_length=0
    )
    finished = [(s, r) for s, r in zip(sources, results, strict=True) if len(r.hypotheses[0]) < 100]
    assert finished, "the tiny model should end some translations on its own"
    targets = [model.target_sp.decode(r.hypotheses[0]) for _, r in finished]
    scores = pivot.token_scores([s for s, _ in finished], targets, "fr", "en")
    checked = 0
    for (_, result), target, row in zip(finished, targets, scores, strict=True):
        if model.target_tokens([target])[0] == result.hypotheses[0]:  # the text re-encodes to the same pieces
            assert sum(row) == pytest.approx(result.scores[0], abs=1e-3)
            checked += 1
    assert checked


def test_token_scores_depend_on_the_source(models: dict[str, Path]) -> None:
    """What contrastive omission scoring relies on: removing part of the source changes the target's score."""
    pivot = translator(models["opus-mt"])
    full, partial = tinymodels.FR_LINES[0], tinymodels.FR_LINES[0].split(" après ")[0] + "."
    target = tinymodels.EN_LINES[0]
    with_all, with_part = pivot.token_scores([full, partial], [target, target], "fr", "en")
    assert len(with_all) == len(with_part)
    assert with_all != pytest.approx(with_part)


def test_scoring_the_other_direction_fails_cleanly_and_keeps_the_signature(models: dict[str, Path]) -> None:
    """Contrastive checks may ask for the reverse direction; without a model for it they get a ToolError."""
    pivot = translator(models["opus-mt"])
    pivot.translate(["Bonjour."], "fr", "en")
    signature = pivot.signature()
    with pytest.raises(ToolError, match="translates fr-en, but the pivot needs en-fr"):
        pivot.token_scores(["Hello."], ["Bonjour."], "en", "fr")
    assert pivot.signature() == signature


def test_token_scores_need_paired_inputs(models: dict[str, Path]) -> None:
    with pytest.raises(ToolError, match="as many targets as sources"):
        translator(models["opus-mt"]).token_scores(["a", "b"], ["a"], "fr", "en")
    assert translator(models["opus-mt"]).token_scores([], [], "fr", "en") == []


def test_forced_attention_has_a_row_per_target_piece_over_the_source(models: dict[str, Path]) -> None:
    pivot = translator(models["hf"])
    model = pivot.model_for("fr", "en")
    sources, targets = tinymodels.FR_LINES[:2], tinymodels.EN_LINES[:2]
    attention = pivot.forced_attention(sources, targets, "fr", "en")
    for rows, source, target in zip(attention, model.source_tokens(sources), model.target_tokens(targets), strict=True):
        assert len(rows) == len(target)
        assert all(len(row) == len(source) and sum(row) == pytest.approx(1, abs=1e-3) for row in rows)


# Errors: one line, naming the file


def damage_missing(name: str) -> object:
    return lambda folder: (folder / name).unlink()


@pytest.mark.parametrize(
    "damage, message",
    [
        (damage_missing("model.bin"), r"model\.bin: missing"),
        (damage_missing("config.json"), r"config\.json: missing"),
        (damage_missing("target.spm"), r"target\.spm: missing"),
        (damage_missing("shared_vocabulary.json"), r"shared_vocabulary\.json .*missing"),
        (lambda f: (f / "config.json").write_text("{oops", encoding="utf-8"), r"config\.json: not valid JSON"),
        (lambda f: (f / "shared_vocabulary.json").write_text("{}", encoding="utf-8"), r"not a vocabulary file"),
    ],
    ids=["no-model-bin", "no-config", "no-target-spm", "no-vocabulary", "bad-config", "bad-vocabulary"],
)
def test_incomplete_folders_are_reported_when_the_translator_is_built(
    models: dict[str, Path], tmp_path: Path, damage: object, message: str
) -> None:
    folder = broken_copy(models["opus-mt"], tmp_path)
    damage(folder)  # type: ignore[operator]
    with pytest.raises(ModelError, match=message) as caught:
        translator(folder)
    assert "\n" not in str(caught.value) and str(folder) in str(caught.value)


@pytest.mark.parametrize("keep", [0.5, 0.0, 0.001], ids=["half", "empty", "header-only"])
def test_a_truncated_model_bin_is_reported(models: dict[str, Path], tmp_path: Path, keep: float) -> None:
    folder = broken_copy(models["opus-mt"], tmp_path)
    data = (folder / "model.bin").read_bytes()
    (folder / "model.bin").write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ModelError, match=r"model\.bin: cannot be loaded; it is corrupt, truncated") as caught:
        translator(folder).translate(["Bonjour."], "fr", "en")
    assert "\n" not in str(caught.value)


def test_a_corrupt_model_bin_is_reported(models: dict[str, Path], tmp_path: Path) -> None:
    folder = broken_copy(models["opus-mt"], tmp_path)
    data = bytearray((folder / "model.bin").read_bytes())
    data[:4] = b"\xff\xff\xff\x7f"  # the binary format version
    (folder / "model.bin").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"model\.bin: cannot be loaded"):
        translator(folder).translate(["Bonjour."], "fr", "en")


def test_a_file_that_is_not_sentencepiece_is_reported(models: dict[str, Path], tmp_path: Path) -> None:
    folder = broken_copy(models["opus-mt"], tmp_path)
    (folder / "source.spm").write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError, match=r"source\.spm: not a SentencePiece model"):
        translator(folder).translate(["Bonjour."], "fr", "en")


def test_a_sentencepiece_model_of_another_vocabulary_is_reported(models: dict[str, Path], tmp_path: Path) -> None:
    folder = broken_copy(models["opus-mt"], tmp_path)
    greek = ["Η βροχή έπεσε όλη τη νύχτα στο χωριό.", "Ο δήμαρχος μίλησε για δέκα λεπτά στην πλατεία."]
    (folder / "target.spm").write_bytes(tinymodels.train_sentencepiece(greek * 4, vocab_size=60))
    with pytest.raises(ModelError, match=r"target\.spm: does not match the model's vocabulary"):
        translator(folder).translate(["Bonjour."], "fr", "en")


def test_an_unconverted_model_is_never_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "opus-mt-fr-en"
    folder.mkdir()
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04 a pickle we must not open")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"pytorch_model\.bin is an unconverted model.*ct2-transformers-converter"):
        translator(folder)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p / "nowhere", r"nowhere: model not found"),
        (lambda p: p, r"model\.bin: missing; not a CTranslate2 model folder"),
        (lambda p: (p / "notes.txt", (p / "notes.txt").write_text("hi"))[0], r"not a model folder or an Argos"),
    ],
    ids=["missing", "empty-folder", "plain-file"],
)
def test_paths_that_are_not_models(tmp_path: Path, make: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        translator(make(tmp_path))  # type: ignore[operator]


def test_an_argos_package_without_its_sentencepiece_model(models: dict[str, Path], tmp_path: Path) -> None:
    folder = Path(shutil.copytree(models["argos"], tmp_path / "pkg"))
    (folder / "sentencepiece.model").unlink()
    with pytest.raises(ModelError, match=r"sentencepiece\.model: missing"):
        translator(folder)


def test_a_damaged_argos_zip(models: dict[str, Path], tmp_path: Path) -> None:
    data = models["argos-zip"].read_bytes()
    truncated = tmp_path / "cut.argosmodel"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match=r"cut\.argosmodel: not a model folder or an Argos Translate"):
        translator(truncated)
    without_model = tmp_path / "empty.argosmodel"
    with zipfile.ZipFile(without_model, "w") as bundle:
        bundle.writestr("pkg/metadata.json", '{"from_code": "fr", "to_code": "en"}')
        bundle.writestr("pkg/sentencepiece.model", b"")
    with pytest.raises(ModelError, match=r"empty\.argosmodel/model/model\.bin: missing"):
        translator(without_model)


def test_a_model_for_the_other_direction_is_refused(models: dict[str, Path]) -> None:
    with pytest.raises(ModelError, match=r"translates fr-en, but the pivot needs en-fr.*--model-for en-fr=PATH"):
        translator(models["opus-mt"]).translate(["Hello."], "en", "fr")


def test_no_model_for_a_direction(models: dict[str, Path]) -> None:
    with pytest.raises(ModelError, match=r"no pivot model for en-fr"):
        CTranslate2Translator(models={"fr-en": models["opus-mt"]}).translate(["Hello."], "en", "fr")
    with pytest.raises(ModelError, match=r"needs a model"):
        CTranslate2Translator()


def test_an_unsupported_compute_type_is_a_tool_error(models: dict[str, Path]) -> None:
    with pytest.raises(ToolError, match=r"compute type float64 is not supported on cpu"):
        translator(models["opus-mt"], compute_type="float64").translate(["Bonjour."], "fr", "en")


def test_the_cli_prints_a_broken_model_as_one_line(
    models: dict[str, Path], tmp_path: Path, examples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = broken_copy(models["opus-mt"], tmp_path)
    (folder / "model.bin").write_bytes(b"")
    argv = ["compare", str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt"), "--no-cache"]
    assert main([*argv, "--model", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "model.bin: cannot be loaded" in err and "Traceback" not in err
