"""Sector classifier: features, training, safe storage and evaluation.

The model is a set of per-label linear classifiers over character n-gram
TF-IDF features of *folded* text: NFKC, lower-case, Japanese shinjitai and
Simplified Chinese mapped to Traditional forms, so one vocabulary serves
zh-Hant, zh-Hans and ja without any language-specific tokeniser.

Training (:func:`train`) fits, per label, a class-balanced
``LogisticRegression`` with Platt (sigmoid) calibration on out-of-fold scores
(cross-validation on the train split only; a label with few positives is
shrunk toward a sigmoid pooled over all labels), then tunes a probability
threshold per label on the dev split.  The test split (a seeded hash of each
passage id) is never seen by training or tuning.

Storage is plain data, never pickle: ``vocab.json`` (n-grams in column
order), ``idf.npy``, ``coef.npy`` (labels x features) and ``model.json``
(intercepts, sigmoid calibration, thresholds, metrics).  :class:`SectorModel`
re-implements the inference arithmetic with NumPy only, and training checks
that it reproduces scikit-learn's probabilities.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = REPO_ROOT / "configs" / "sectors.toml"
DATA_PATH = REPO_ROOT / "corpora" / "sectors" / "passages.jsonl"
MODEL_DIR = REPO_ROOT / "models" / "sectors"
FORMAT_VERSION = 1

# Japanese shinjitai -> Traditional (kyūjitai / Taiwan) forms that OpenCC's
# s2t does not cover because they are not Simplified Chinese forms either.
_SHINJITAI = (
    "経經 済濟 産產 発發 気氣 広廣 転轉 変變 処處 売賣 読讀 図圖 関關 県縣 験驗 検檢 険險 "
    "単單 価價 様樣 営營 総總 楽樂 薬藥 拠據 点點 覧覽 辺邊 児兒 鉄鐵 続續 称稱 応應 対對 "
    "実實 証證 両兩 帯帶 沢澤 戦戰 浜濱 従從 歩步 渉涉 携攜 収收 捜搜 稲稻 穏穩 窓窗 竜龍 "
    "粋粹 緑綠 縄繩 聴聽 脳腦 蔵藏 譲讓 豊豐 賛贊 軽輕 辞辭 酔醉 釈釋 鋳鑄 闘鬥 隠隱 雑雜 "
    "霊靈 顕顯 駅驛 騒騷 黒黑 亜亞 悪惡 圧壓 囲圍 医醫 栄榮 円圓 塩鹽 横橫 温溫 仮假 絵繪 "
    "拡擴 覚覺 勧勸 巻卷 歓歡 観觀 帰歸 旧舊 挙舉 峡峽 区區 駆驅 径徑 恵惠 渓溪 継繼 芸藝 "
    "撃擊 権權 献獻 効效 恒恆 黄黃 砕碎 剤劑 残殘 歯齒 湿濕 写寫 寿壽 渋澁 獣獸 縦縱 焼燒 "
    "条條 状狀 乗乘 浄淨 剰剩 畳疊 醸釀 触觸 寝寢 随隨 髄髓 数數 枢樞 静靜 摂攝 専專 浅淺 "
    "践踐 銭錢 潜潛 繊纖 壮壯 争爭 荘莊 挿插 巣巢 増增 臓臟 属屬 滞滯 滝瀧 択擇 担擔 胆膽 "
    "団團 弾彈 断斷 遅遲 昼晝 虫蟲 庁廳 逓遞 伝傳 灯燈 当當 党黨 盗盜 徳德 独獨 届屆 悩惱 "
    "廃廢 髪髮 抜拔 晩晚 蛮蠻 払拂 仏佛 舗鋪 宝寶 没沒 満滿 黙默 訳譯 揺搖 謡謠 来來 頼賴 "
    "覧覽 猟獵 塁壘 涙淚 励勵 暦曆 歴歷 恋戀 炉爐 労勞 楼樓 録錄 湾灣 圏圈 徴徵 拝拜 桜櫻 "
    "郷鄉 隣鄰 陥陷 戯戲 犠犧 亀龜 斎齋 礼禮 円圓 鉱礦 衛衛 栃櫪 戸戶 歳歲 渇渴 謁謁 "
    "器器 突突 臭臭 嘆歎 姫姬 弐貳 穂穗 恵惠 厳嚴 縁緣 艶豔 壊壞 懐懷 殻殼 勲勳 薫薰 鶏雞 "
    "芸藝 倹儉 剣劍 圏圈 巌巖 広廣 鉱礦 穀穀 酢酢 雑雜 視視 児兒 爵爵 粛肅 諸諸 叙敘 "
    "奨獎 将將 焦焦 証證 嘱囑 尽盡 衝衝 瀬瀨 斉齊 静靜 跡跡 窃竊 摂攝 禅禪 祖祖 僧僧 層層 "
    "騒騷 卒卒 堕墮 帯帶 台臺 択擇 沢澤 弾彈 恥恥 痴癡 遅遲 聴聽 懲懲 勅敕 鎮鎭 塚塚 "
    "逓遞 転轉 都都 灯燈 闘鬥 読讀 突突 難難 弐貳 梅梅 麦麥 髪髮 抜拔 繁繁 晩晚 卑卑 碑碑 "
    "秘祕 賓賓 敏敏 侮侮 福福 払拂 併倂 塀塀 辺邊 変變 弁辨 勉勉 歩步 穂穗 簿簿 宝寶 峰峯 "
    "翻翻 毎每 万萬 免免 黙默 薬藥 訳譯 与與 誉譽 様樣 謡謠 翼翼 頼賴 欄欄 竜龍 虜虜 猟獵 "
    "緑綠 隣鄰 涙淚 塁壘 類類 励勵 鈴鈴 霊靈 齢齡 暦曆 歴歷 廉廉 炉爐 郎郎 楼樓 録錄 湾灣"
)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One character table: shinjitai and Simplified forms -> Traditional forms.

    Built from OpenCC's own dictionaries (``JPVariants.txt`` reversed,
    ``STCharacters.txt`` first candidate) plus the shinjitai pairs above.  A
    character table (no phrase matching) is ~20x faster than ``OpenCC('s2t')``
    and is all the character n-gram features need.
    """
    import opencc  # opencc-python-reimplemented ships the dictionary files

    dict_dir = Path(opencc.__file__).resolve().parent / "dictionary"
    table: dict[int, str] = {}

    def read(name: str) -> list[tuple[str, str]]:
        pairs = []
        for line in (dict_dir / name).read_text(encoding="utf-8").splitlines():
            src, _, dst = line.partition("\t")
            if len(src) == 1 and dst:
                pairs.append((src, dst.split()[0]))
        return pairs

    for src, dst in read("STCharacters.txt"):
        if len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    for trad, jp in read("JPVariants.txt"):  # traditional -> Japanese variant; reversed
        if len(jp) == 1 and jp != trad and ord(jp) not in table:
            table[ord(jp)] = trad
    for pair in _SHINJITAI.split():
        if pair[0] != pair[1]:
            table[ord(pair[0])] = pair[1]
    return table


_WS = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """Normalise text so zh-Hant, zh-Hans and ja share one character vocabulary.

    NFKC (full-width Latin/digits), lower case, Japanese shinjitai and Simplified
    Chinese characters -> Traditional forms, whitespace collapsed to one space.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_fold_table())
    return _WS.sub(" ", text).strip()


_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:[\-&][a-z0-9]+)*")
_SHORT_LATIN = re.compile(r"[a-z]{1,2}")


def char_ngrams(folded: str, nmin: int, nmax: int) -> list[str]:
    """Features of already-folded text: character n-grams plus whole Latin words.

    Character n-grams (text padded with a space at both ends) serve Chinese and
    Japanese without a tokeniser; each Latin word is also one feature of its own
    (``<mems>`` is not ``<messe>``, which share most of their letters).
    """
    padded = f" {folded} "
    out: list[str] = []
    for n in range(nmin, nmax + 1):
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    # a lone space carries no signal; one or two Latin letters (m, e, me) are word
    # fragments that make unrelated words look alike (MEMS, Messe)
    out = [g for g in out if g.strip() and not _SHORT_LATIN.fullmatch(g.strip())]
    out.extend(f"<{w}>" for w in _LATIN_WORD.findall(folded))
    return out


# --------------------------------------------------------------------- config


@dataclass
class Sector:
    """One label of the taxonomy (``[[sector]]`` in configs/sectors.toml)."""

    label: str
    name: str
    names: dict[str, str] = field(default_factory=dict)
    required: bool = False
    description: str = ""


@dataclass
class SectorConfig:
    """The parsed taxonomy and training / roll-up settings."""

    sectors: list[Sector]
    model: dict[str, Any]
    rollup: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.sectors]

    @property
    def required_labels(self) -> list[str]:
        return [s.label for s in self.sectors if s.required]


def load_config(path: str | Path = CONFIG_PATH) -> SectorConfig:
    """Read configs/sectors.toml into a :class:`SectorConfig`."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    sectors = [Sector(**s) for s in raw.get("sector", [])]
    labels = [s.label for s in sectors]
    if len(set(labels)) != len(labels) or not labels:
        raise ValueError(f"{path}: sector labels must be unique and non-empty")
    return SectorConfig(sectors=sectors, model=dict(raw["model"]), rollup=dict(raw.get("rollup", {})))


# ----------------------------------------------------------------------- data


def split_of(passage_id: str, seed: int, test_share: float, dev_share: float) -> str:
    """Fixed split of a passage: a seeded hash of its id (never its content or labels)."""
    h = int(hashlib.sha256(f"{seed}:{passage_id}".encode()).hexdigest()[:8], 16) / 2**32
    if h < test_share:
        return "test"
    return "dev" if h < test_share + dev_share else "train"


def load_passages(path: str | Path = DATA_PATH, config: SectorConfig | None = None) -> list[dict]:
    """Read the labelled passages; checks ids, labels and that each split is the hashed one."""
    config = config or load_config()
    m = config.model
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    known = set(config.labels)
    for r in rows:
        unknown = set(r["labels"]) - known
        if unknown:
            raise ValueError(f"passage {r['id']}: labels not in the taxonomy: {sorted(unknown)}")
        expected = split_of(r["id"], m["seed"], m["test_share"], m["dev_share"])
        if r["split"] != expected:
            raise ValueError(f"passage {r['id']}: split {r['split']!r} is not the hashed split {expected!r}")
    return rows


def label_matrix(rows: list[dict], labels: list[str]) -> np.ndarray:
    """Binary (passages x labels) indicator matrix."""
    y = np.zeros((len(rows), len(labels)), dtype=np.int8)
    index = {lab: j for j, lab in enumerate(labels)}
    for i, r in enumerate(rows):
        for lab in r["labels"]:
            y[i, index[lab]] = 1
    return y


# ---------------------------------------------------------------------- model


class SectorModel:
    """The stored classifier; inference with NumPy only (no scikit-learn import)."""

    def __init__(self, meta: dict[str, Any], vocab: list[str], idf: np.ndarray, coef: np.ndarray) -> None:
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.nmin, self.nmax = meta["ngram_range"]
        self.vocab = {g: i for i, g in enumerate(vocab)}
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.intercept = np.asarray(meta["intercept"], dtype=np.float64)
        self.cal_a = np.asarray(meta["calibration_a"], dtype=np.float64)
        self.cal_b = np.asarray(meta["calibration_b"], dtype=np.float64)
        self.thresholds = np.asarray([meta["thresholds"][lab] for lab in self.labels], dtype=np.float64)

    @classmethod
    def load(cls, model_dir: str | Path = MODEL_DIR) -> SectorModel:
        """Read a model directory written by :func:`save_model` (JSON + .npy, no pickle)."""
        d = Path(model_dir)
        meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{d}: unsupported sector model format {meta.get('format')!r}")
        vocab = json.loads((d / "vocab.json").read_text(encoding="utf-8"))
        idf = np.load(d / "idf.npy", allow_pickle=False)
        coef = np.load(d / "coef.npy", allow_pickle=False)
        return cls(meta, vocab, idf, coef)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of ``text``: (column indices, l2-normalised values)."""
        counts = Counter(char_ngrams(fold_text(text), self.nmin, self.nmax))
        hits = [(self.vocab[g], c) for g, c in counts.items() if g in self.vocab]
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter((i for i, _ in hits), dtype=np.int64, count=len(hits))
        tf = np.fromiter((c for _, c in hits), dtype=np.float64, count=len(hits))
        vals = (1.0 + np.log(tf)) * self.idf[cols]  # sublinear tf, as trained
        return cols, vals / np.linalg.norm(vals)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels))."""
        out = np.zeros((len(texts), len(self.labels)))
        for i, text in enumerate(texts):
            cols, vals = self.features(text)
            f = self.coef[:, cols] @ vals + self.intercept
            out[i] = 1.0 / (1.0 + np.exp(self.cal_a * f + self.cal_b))
        return out


def save_model(model_dir: Path, meta: dict[str, Any], vocab: list[str], idf: np.ndarray, coef: np.ndarray) -> None:
    """Write a model as JSON + .npy (float32, deterministic bytes)."""
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(model_dir / "idf.npy", idf.astype(np.float32), allow_pickle=False)
    np.save(model_dir / "coef.npy", coef.astype(np.float32), allow_pickle=False)
    (model_dir / "model.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


# ------------------------------------------------------------------- training


def _tune_threshold(p: np.ndarray, y: np.ndarray, lo: float, hi: float) -> float:
    """Threshold maximising F1 on held-out scores; ties -> middle of the best run."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    if y.sum() == 0:
        return 0.5
    f1s = np.array([_f1(y, p >= t)[2] for t in grid])
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    t = float(grid[best[len(best) // 2]])
    return float(min(max(t, lo), hi))


def _f1(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int(np.sum((y == 1) & pred))
    fp = int(np.sum((y == 0) & pred))
    fn = int(np.sum((y == 1) & ~pred))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _platt(f: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: (a, b) with p = 1 / (1 + exp(a * f + b)), fitted on held-out scores."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=1000).fit(f.reshape(-1, 1), y)
    return -float(lr.coef_[0, 0]), -float(lr.intercept_[0])


def _calibrate(oof: list[np.ndarray], y: np.ndarray, shrinkage: float) -> tuple[list[float], list[float]]:
    """Per-label sigmoid calibration, shrunk toward one sigmoid pooled over all labels.

    A label with few positives gets an unstable per-label sigmoid (its held-out
    positives score low, so the fitted 0.5 point drifts far below the other
    labels' and generic wording crosses it).  With ``shrinkage`` k, a label with n
    positives uses ``w * own + (1 - w) * pooled`` with ``w = n / (n + k)``.
    """
    pooled = _platt(np.concatenate(oof), np.concatenate([y[:, j] for j in range(len(oof))]))
    a_out, b_out = [], []
    for j, f in enumerate(oof):
        own = _platt(f, y[:, j])
        n = float(y[:, j].sum())
        w = n / (n + shrinkage) if shrinkage > 0 else 1.0
        a_out.append(w * own[0] + (1 - w) * pooled[0])
        b_out.append(w * own[1] + (1 - w) * pooled[1])
    return a_out, b_out


def train(
    config_path: str | Path = CONFIG_PATH,
    data_path: str | Path = DATA_PATH,
    model_dir: str | Path = MODEL_DIR,
    rows: list[dict] | None = None,
) -> dict[str, Any]:
    """Rebuild the model directory from the config and the train/dev splits.

    Deterministic: fixed seeds, sorted vocabulary, float32 storage.  ``rows``
    overrides the passages read from ``data_path`` (used by tests to train on a
    subset).  Returns the stored metadata (thresholds, dev and test metrics).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    config = load_config(config_path)
    m = config.model
    rows = rows if rows is not None else load_passages(data_path, config)
    labels = config.labels
    train_rows = [r for r in rows if r["split"] == "train"]
    dev_rows = [r for r in rows if r["split"] == "dev"]
    nmin, nmax = int(m["ngram_min"]), int(m["ngram_max"])

    vec = TfidfVectorizer(
        analyzer=lambda t: char_ngrams(fold_text(t), nmin, nmax),
        min_df=int(m["min_df"]),
        sublinear_tf=True,
        norm="l2",
        dtype=np.float64,
    )
    x_train = vec.fit_transform([r["text"] for r in train_rows])
    vocab = vec.get_feature_names_out().tolist()  # sorted: deterministic column order
    y_train = label_matrix(train_rows, labels)
    folds = int(m["calibration_folds"])
    coef = np.zeros((len(labels), len(vocab)))
    intercept: list[float] = []
    oof: list[np.ndarray] = []  # out-of-fold decision values, per label
    for j, lab in enumerate(labels):
        y = y_train[:, j]
        if y.sum() < folds or (y == 0).sum() < folds:
            raise ValueError(f"label {lab!r}: needs >= {folds} positive and negative train passages")
        weight = m.get("class_weight", "balanced")
        base = LogisticRegression(
            C=float(m["C"]), class_weight=None if weight == "none" else weight, max_iter=5000, solver="lbfgs"
        )
        cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=int(m["seed"]))
        oof.append(cross_val_predict(base, x_train, y, cv=cv, method="decision_function"))
        base.fit(x_train, y)  # the stored model: fit on the whole train split
        coef[j] = base.coef_[0]
        intercept.append(float(base.intercept_[0]))
    cal_a, cal_b = _calibrate(oof, y_train, float(m.get("calibration_shrinkage", 0.0)))

    meta: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "labels": labels,
        "names": {s.label: s.name for s in config.sectors},
        "required": config.required_labels,
        "ngram_range": [nmin, nmax],
        "intercept": intercept,
        "calibration_a": cal_a,
        "calibration_b": cal_b,
        "thresholds": {lab: 0.5 for lab in labels},
        "training": {
            "config": {k: m[k] for k in sorted(m)},
            "data_sha256": hashlib.sha256(
                "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows).encode()
            ).hexdigest(),
            "passages": {s: sum(r["split"] == s for r in rows) for s in ("train", "dev", "test")},
            "vocabulary": len(vocab),
        },
    }
    out = Path(model_dir)
    save_model(out, meta, vocab, vec.idf_, coef)
    model = SectorModel.load(out)
    # The NumPy re-implementation must agree with scikit-learn (float32 storage aside).
    probe = train_rows[: min(20, len(train_rows))]
    diff = np.abs(model.predict_proba([r["text"] for r in probe]) - _sk_proba(vec, coef, meta, probe)).max()
    if diff > 1e-3:
        raise RuntimeError(f"stored model disagrees with scikit-learn (max |dp| = {diff:.2e})")

    p_dev = model.predict_proba([r["text"] for r in dev_rows])
    y_dev = label_matrix(dev_rows, labels)
    lo, hi = float(m["threshold_min"]), float(m["threshold_max"])
    meta["thresholds"] = {lab: _tune_threshold(p_dev[:, j], y_dev[:, j], lo, hi) for j, lab in enumerate(labels)}
    save_model(out, meta, vocab, vec.idf_, coef)
    model = SectorModel.load(out)
    meta["metrics"] = {
        "dev": evaluate_rows(model, dev_rows, config.required_labels),
        "test": evaluate_rows(model, [r for r in rows if r["split"] == "test"], config.required_labels),
    }
    save_model(out, meta, vocab, vec.idf_, coef)
    write_model_card(out, meta)
    return meta


def _sk_proba(vec: Any, coef: np.ndarray, meta: dict[str, Any], rows: list[dict]) -> np.ndarray:
    x = vec.transform([r["text"] for r in rows])
    f = x @ coef.T + np.asarray(meta["intercept"])
    return 1.0 / (1.0 + np.exp(np.asarray(meta["calibration_a"]) * f + np.asarray(meta["calibration_b"])))


# ----------------------------------------------------------------- evaluation


def evaluate_rows(model: SectorModel, rows: list[dict], required: list[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1 at the stored thresholds, plus macro averages."""
    p = model.predict_proba([r["text"] for r in rows])
    y = label_matrix(rows, model.labels)
    per: dict[str, dict[str, float]] = {}
    for j, lab in enumerate(model.labels):
        prec, rec, f1 = _f1(y[:, j], p[:, j] >= model.thresholds[j])
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": int(y[:, j].sum())}
    req = [lab for lab in required if lab in per]
    return {
        "passages": len(rows),
        "per_label": per,
        "macro_f1_required": round(float(np.mean([per[lab]["f1"] for lab in req])), 4) if req else math.nan,
        "macro_f1_all": round(float(np.mean([v["f1"] for v in per.values()])), 4),
    }


def evaluate(
    split: str = "test",
    model_dir: str | Path = MODEL_DIR,
    data_path: str | Path = DATA_PATH,
    config_path: str | Path = CONFIG_PATH,
) -> dict[str, Any]:
    """Score a stored model on one split of the labelled passages (default: held-out test)."""
    config = load_config(config_path)
    rows = [r for r in load_passages(data_path, config) if r["split"] == split]
    return evaluate_rows(SectorModel.load(model_dir), rows, config.required_labels)


def format_metrics(metrics: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_rows` output."""
    lines = [f"{'label':18s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}"]
    for lab, v in metrics["per_label"].items():
        lines.append(f"{lab:18s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:4d}")
    lines.append(f"macro-F1 (required labels): {metrics['macro_f1_required']:.3f}")
    lines.append(f"macro-F1 (all labels):      {metrics['macro_f1_all']:.3f}")
    return "\n".join(lines)


def write_model_card(model_dir: Path, meta: dict[str, Any]) -> None:
    """models/sectors/model_card.md: what the model is, how to rebuild it, its metrics."""
    t = meta["training"]
    parts = [
        "# Sector classifier (models/sectors)",
        "",
        "Multi-label classifier of trip-report text into the sectors of `configs/sectors.toml`.",
        f"Features: character {meta['ngram_range'][0]}-{meta['ngram_range'][1]}-grams plus whole Latin words, TF-IDF (sublinear tf, l2),",
        "on NFKC + lower-case + shinjitai/Simplified -> Traditional folded text (one vocabulary for zh-Hant, zh-Hans, ja).",
        "One class-balanced LogisticRegression per label, Platt-calibrated on out-of-fold scores of the train split",
        "(labels with few positives shrunk toward a sigmoid pooled over all labels);",
        "per-label thresholds tuned on the dev split; the test split is held out.",
        "",
        "Files (no pickle): `vocab.json` (n-gram per column), `idf.npy`, `coef.npy` (labels x columns, float32),",
        "`model.json` (labels, intercepts, calibration, thresholds, metrics).",
        "",
        "Rebuild (deterministic): `tripreport train sectors`; evaluate: `tripreport evaluate sectors`.",
        "",
        f"Training data: `corpora/sectors/passages.jsonl` (sha256 `{t['data_sha256'][:16]}…`), "
        f"passages train/dev/test = {t['passages']['train']}/{t['passages']['dev']}/{t['passages']['test']}, "
        f"vocabulary {t['vocabulary']} n-grams. Licence of derived data: see corpora/sectors/DATA_CARD.md.",
        "",
        "## Thresholds",
        "",
        "| label | threshold |",
        "| --- | ---: |",
        *[f"| {lab} | {thr:.2f} |" for lab, thr in meta["thresholds"].items()],
    ]
    for split in ("dev", "test"):
        mt = meta.get("metrics", {}).get(split)
        if not mt:
            continue
        parts += ["", f"## Metrics on the {split} split ({mt['passages']} passages)", "",
                  "| label | precision | recall | F1 | support |", "| --- | ---: | ---: | ---: | ---: |"]
        parts += [f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                  for lab, v in mt["per_label"].items()]
        parts += ["", f"Macro-F1, required labels ({', '.join(meta['required'])}): **{mt['macro_f1_required']:.3f}**; "
                  f"all labels: {mt['macro_f1_all']:.3f}."]
    (model_dir / "model_card.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
