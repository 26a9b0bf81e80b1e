"""Tiny but real translation models, built inside the test run so no test needs a downloaded model.

Each model is a CTranslate2 ``TransformerSpec`` (one encoder and one decoder layer, post-norm like Marian) filled
with seeded random numpy weights, and SentencePiece models trained here on the few lines below. The output is
nonsense but deterministic, which is all the plumbing tests need. The helpers lay the files out the three ways
users get models: a CTranslate2-converted OPUS-MT folder, a Hugging Face-converted folder, and an Argos Translate
package (extracted folder or ``.argosmodel`` zip).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import model_spec, transformer_spec

EN_LINES = [
    "The minister resigned on Tuesday after the vote in parliament.",
    "Paris is the capital of France and its largest city.",
    "The river flooded the old town for the second time this year.",
    "She said the report would be published next week.",
    "Prices rose by three percent in March.",
    "The company hired two hundred new workers.",
    "Rescue teams searched the mountain all night.",
    "The museum reopened after a long renovation.",
]
FR_LINES = [
    "Le ministre a démissionné mardi après le vote au parlement.",
    "Paris est la capitale de la France et sa plus grande ville.",
    "La rivière a inondé la vieille ville pour la deuxième fois cette année.",
    "Elle a dit que le rapport serait publié la semaine prochaine.",
    "Les prix ont augmenté de trois pour cent en mars.",
    "L'entreprise a embauché deux cents nouveaux ouvriers.",
    "Les secours ont fouillé la montagne toute la nuit.",
    "Le musée a rouvert après une longue rénovation.",
]
LINES = {"en": EN_LINES, "fr": FR_LINES}

SPECIALS = ["<unk>", "<s>", "</s>"]
MODEL_DIM, HEADS, FFN_DIM = 16, 2, 32
EOS_BIAS = 4.0


def train_sentencepiece(lines: list[str], vocab_size: int = 90) -> bytes:
    """A SentencePiece BPE model trained in memory on ``lines``; only ``<unk>`` is reserved, like OPUS-MT's."""
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        minloglevel=2,
    )
    return buffer.getvalue()


def vocabulary(*spm_models: bytes) -> list[str]:
    """The model vocabulary: the special tokens, then every piece of the SentencePiece models, without repeats."""
    tokens = list(SPECIALS)
    for proto in spm_models:
        processor = spm.SentencePieceProcessor(model_proto=proto)
        tokens += [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return list(dict.fromkeys(tokens))


def _random_weight(name: str, vocab_size: int, rng: np.random.Generator) -> np.ndarray | None:
    """The weight a variable of the spec needs, chosen by its name; ``None`` for variables left at their default."""
    leaf = name.rsplit("/", 1)[-1]
    if leaf == "gamma":
        return np.ones(MODEL_DIM, dtype=np.float32)
    if leaf == "beta":
        return np.zeros(MODEL_DIM, dtype=np.float32)
    if leaf != "weight":
        return None
    if "embeddings" in name or "projection" in name:
        shape = (vocab_size, MODEL_DIM)
    elif "self_attention/linear_0" in name:
        shape = (3 * MODEL_DIM, MODEL_DIM)
    elif "/attention/linear_1" in name:
        shape = (2 * MODEL_DIM, MODEL_DIM)
    elif "ffn/linear_0" in name:
        shape = (FFN_DIM, MODEL_DIM)
    elif "ffn/linear_1" in name:
        shape = (MODEL_DIM, FFN_DIM)
    else:
        shape = (MODEL_DIM, MODEL_DIM)
    scale = 1.0 if "projection" in name or "embeddings" in name else 0.3
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def save_ct2_model(
    directory: Path, tokens: list[str], *, seed: int = 0, add_source_eos: bool = True, decoder_start: str = "<s>"
) -> Path:
    """Write a tiny Transformer with a shared vocabulary ``tokens`` as a CTranslate2 model folder."""
    spec = transformer_spec.TransformerSpec.from_config(1, HEADS, pre_norm=False)
    rng = np.random.default_rng(seed)

    def fill(layer: object, name: str, value: object) -> None:
        if value is None:
            setattr(layer, name.rsplit("/", 1)[-1], _random_weight(name, len(tokens), rng))

    model_spec.visit_spec(spec, fill)
    # Random weights rarely pick </s>; a bias on it makes translations end after a few words, as real ones do.
    spec.decoder.projection.bias = np.where(np.array(tokens) == "</s>", EOS_BIAS, 0.0).astype(np.float32)
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.config.add_source_eos = add_source_eos
    spec.config.decoder_start_token = decoder_start
    spec.validate()
    spec.optimize(quantization=None)
    directory.mkdir(parents=True, exist_ok=True)
    spec.save(str(directory))
    return directory


def make_opus_mt(root: Path, src: str = "fr", tgt: str = "en", seed: int = 0) -> Path:
    """A CTranslate2-converted OPUS-MT folder: ``model.bin``, vocabulary, ``source.spm``/``target.spm`` beside it."""
    source_spm, target_spm = train_sentencepiece(LINES[src]), train_sentencepiece(LINES[tgt])
    folder = save_ct2_model(root / f"opus-mt-{src}-{tgt}", vocabulary(source_spm, target_spm), seed=seed)
    (folder / "source.spm").write_bytes(source_spm)
    (folder / "target.spm").write_bytes(target_spm)
    return folder


def make_hf(root: Path, src: str = "fr", tgt: str = "en", seed: int = 1) -> Path:
    """A folder as ``ct2-transformers-converter --copy_files`` writes it for a Marian model.

    The source end-of-sentence token is not in the config (the Hugging Face tokenizer adds it), and the
    tokenizer files that name the languages sit beside the model.
    """
    source_spm, target_spm = train_sentencepiece(LINES[src]), train_sentencepiece(LINES[tgt])
    folder = save_ct2_model(
        root / f"opus-mt-{src}-{tgt}-ct2",
        vocabulary(source_spm, target_spm),
        seed=seed,
        add_source_eos=False,
        decoder_start="</s>",
    )
    (folder / "source.spm").write_bytes(source_spm)
    (folder / "target.spm").write_bytes(target_spm)
    tokenizer_config = {"source_lang": src, "target_lang": tgt, "model_max_length": 512}
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config), encoding="utf-8")
    special_tokens = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
    (folder / "special_tokens_map.json").write_text(json.dumps(special_tokens), encoding="utf-8")
    return folder


def make_argos_folder(root: Path, src: str = "fr", tgt: str = "en", seed: int = 2) -> Path:
    """An extracted Argos Translate package: ``metadata.json``, ``model/``, one shared ``sentencepiece.model``."""
    shared_spm = train_sentencepiece(LINES[src] + LINES[tgt], vocab_size=120)
    folder = root / f"translate-{src}_{tgt}-1_0"
    save_ct2_model(folder / "model", vocabulary(shared_spm), seed=seed)
    (folder / "sentencepiece.model").write_bytes(shared_spm)
    metadata = {"package_version": "1.0", "argos_version": "1.0", "from_code": src, "to_code": tgt}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return folder


def make_argos_zip(root: Path, src: str = "fr", tgt: str = "en", seed: int = 2) -> Path:
    """The same package zipped as ``.argosmodel``, its files under one top-level folder as Argos ships them."""
    folder = make_argos_folder(root / "unzipped", src, tgt, seed)
    archive = root / f"{folder.name}.argosmodel"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            bundle.write(path, path.relative_to(folder.parent).as_posix())
    return archive


ENCODER_POSITIONS = 40


def make_ct2_encoder(
    root: Path, *, name: str = "tiny-encoder-ct2", seed: int = 3, wordpiece: bool = False, max_tokens: int = 0
) -> Path:
    """A folder as ``ct2-transformers-converter`` writes it for an XLM-R (SentencePiece) or BERT (WordPiece)
    encoder: a one-layer ``TransformerEncoderModelSpec`` with random weights and ``ENCODER_POSITIONS`` positions,
    its vocabulary, and the tokenizer files copied beside it; ``max_tokens`` writes ``model_max_length``."""
    from ctranslate2.specs import common_spec

    if wordpiece:
        words = sorted({w.strip(".,'").lower() for line in EN_LINES + FR_LINES for w in line.split()} - {""})
        tokens = [
            "[PAD]",
            "[UNK]",
            "[CLS]",
            "[SEP]",
            *list(".,'"),
            *words,
            *(f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz"),
        ]
        sp_model = None
    else:
        sp_model = train_sentencepiece(EN_LINES + FR_LINES, vocab_size=120)
        processor = spm.SentencePieceProcessor(model_proto=sp_model)
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        tokens = list(dict.fromkeys(["<s>", "<pad>", "</s>", "<unk>", *pieces]))
    encoder = transformer_spec.TransformerEncoderSpec(
        1,
        HEADS,
        pre_norm=False,
        layernorm_embedding=True,
        num_source_embeddings=2,
        embeddings_merge=common_spec.EmbeddingsMerge.ADD,
    )
    spec = transformer_spec.TransformerEncoderModelSpec(encoder, pooling_layer=True)
    spec.encoder.scale_embeddings = False
    rng = np.random.default_rng(seed)
    shapes = {"embeddings_0": (len(tokens), MODEL_DIM), "embeddings_1": (2, MODEL_DIM)}
    shapes["position_encodings"] = (ENCODER_POSITIONS, MODEL_DIM)

    def fill(layer: object, name: str, value: object) -> None:
        leaf = name.rsplit("/", 1)[-1]
        shape = next((s for part, s in shapes.items() if part in name), None)
        if leaf == "encodings" and shape:
            setattr(layer, leaf, (rng.standard_normal(shape) * 0.3).astype(np.float32))
        elif value is None:
            weight = _random_weight(name, len(tokens), rng) if shape is None else rng.standard_normal(shape)
            setattr(layer, leaf, np.asarray(weight, dtype=np.float32))

    model_spec.visit_spec(spec, fill)
    spec.register_vocabulary(tokens)
    spec.validate()
    spec.optimize(quantization=None)
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))
    if sp_model is not None:
        (folder / "sentencepiece.bpe.model").write_bytes(sp_model)
    if max_tokens:
        (folder / "tokenizer_config.json").write_text(json.dumps({"model_max_length": max_tokens}), encoding="utf-8")
    return folder
