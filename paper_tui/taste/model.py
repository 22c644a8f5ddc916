"""The taste model: TF-IDF features of a paper's words, authors and categories, and a logistic regression
learned from the user's signals (scikit-learn, as arxiv-viewer does). Pure: documents and labels in,
scores and per-paper reasons out; no database. Imported only to train or score (scikit-learn takes a
second and a half to import): never on the reader's way to its first frame.

Each reason is one feature's contribution to a paper's score, the model's weight for it times the
paper's value of it, so the reasons shown are the model's own: ``+ diffusion``, ``+ author: Yang
Song``, ``− survey``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

#: How much the author and category blocks weigh against the words (a row of each block has norm 1).
AUTHOR_WEIGHT = 0.6
CATEGORY_WEIGHT = 0.6
#: Regularisation of the logistic regression (larger: fits the labels more closely).
C = 4.0
#: Reasons kept per paper: the strongest for it, and against it.
REASONS_FOR = 4
REASONS_AGAINST = 2


@dataclass(frozen=True)
class Doc:
    """What the model sees of a paper."""

    id: int
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def text(self) -> str:
        """The words: the title counts twice. (Reading only the first 1,200 characters of abstracts
        scored 100,000 papers a quarter faster, but ranked worse on the benchmark: not done.)"""
        return " ".join((self.title, self.title, self.abstract, " ".join(self.keywords)))


@dataclass
class Scored:
    """One paper's score (higher: more likely wanted) and its reasons: (label, contribution)."""

    id: int
    score: float
    reasons: list[tuple[str, float]] = field(default_factory=list)


def _names(values: Sequence[str]) -> list[str]:
    return [" ".join(v.split()) for v in values if v.strip()]


class Features:
    """Turns documents into one sparse matrix: words and two-word phrases, authors, categories."""

    def __init__(self, *, use_categories: bool = True) -> None:
        self.use_categories = use_categories
        self.words = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=1,
            max_df=0.5,
            stop_words="english",
            sublinear_tf=True,
            token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
            max_features=150_000,
            dtype=np.float32,
        )
        self.authors = TfidfVectorizer(analyzer=_names, dtype=np.float32)
        self.categories = TfidfVectorizer(analyzer=_names, dtype=np.float32)
        self._labels: list[str] = []

    def fit(self, docs: Sequence[Doc]) -> Features:
        """Learn the vocabulary and the word weights from ``docs``."""
        self.words.fit([d.text() for d in docs])
        labels = list(self.words.get_feature_names_out())
        labels += [f"author: {name}" for name in self._fit_names(self.authors, [d.authors for d in docs])]
        if self.use_categories:
            labels += [
                f"category: {c}" for c in self._fit_names(self.categories, [d.categories for d in docs])
            ]
        self._labels = labels
        return self

    @staticmethod
    def _fit_names(vectorizer: TfidfVectorizer, values: list[tuple[str, ...]]) -> list[str]:
        if not any(values):
            vectorizer.fit([("-",)])
        else:
            vectorizer.fit(values)
        return list(vectorizer.get_feature_names_out())

    @property
    def labels(self) -> list[str]:
        """What each column stands for, as a reason says it."""
        return self._labels

    def transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        """The documents' features (rows in the order given)."""
        blocks = [
            self.words.transform([d.text() for d in docs]),
            self.authors.transform([d.authors for d in docs]) * AUTHOR_WEIGHT,
        ]
        if self.use_categories:
            blocks.append(self.categories.transform([d.categories for d in docs]) * CATEGORY_WEIGHT)
        return sparse.hstack(blocks, format="csr", dtype=np.float32)


@dataclass
class Labelled:
    """The training set: documents with a label (1 wanted, 0 not) and how much each counts."""

    docs: list[Doc] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)

    def add(self, doc: Doc, label: int, weight: float) -> None:
        """One more example."""
        self.docs.append(doc)
        self.labels.append(label)
        self.weights.append(weight)

    @property
    def positives(self) -> int:
        """How many examples are wanted papers."""
        return sum(self.labels)


class TasteModel:
    """A logistic regression over :class:`Features`, learned from labelled papers."""

    def __init__(self, features: Features, classifier: LogisticRegression) -> None:
        self.features = features
        self.classifier = classifier
        self.coef = classifier.coef_[0].astype(np.float32)
        self.intercept = float(classifier.intercept_[0])

    @classmethod
    def train(cls, labelled: Labelled, *, use_categories: bool = True) -> TasteModel:
        """Fit the features and the classifier; needs at least one example of each label."""
        if len(set(labelled.labels)) < 2:
            raise ValueError("the model needs papers wanted and papers not wanted")
        features = Features(use_categories=use_categories).fit(labelled.docs)
        matrix = features.transform(labelled.docs)
        classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=500, solver="liblinear")
        classifier.fit(matrix, np.array(labelled.labels), sample_weight=np.array(labelled.weights))
        return cls(features, classifier)

    def score(self, docs: Sequence[Doc]) -> list[Scored]:
        """Each document's probability of being wanted, with its reasons."""
        matrix = self.features.transform(docs)
        logits = matrix @ self.coef + self.intercept
        contributions = matrix.multiply(self.coef.reshape(1, -1)).tocsr()
        labels = self.features.labels
        return [
            Scored(doc.id, 1.0 / (1.0 + math.exp(-float(logit))), _reasons(contributions, row, labels))
            for row, (doc, logit) in enumerate(zip(docs, logits, strict=True))
        ]


#: Before the model: how much closeness to the papers not wanted takes off (Rocchio's feedback).
UNWANTED_WEIGHT = 0.5


class Similarity:
    """Before there are enough signals: how close each paper is to the papers the user wants (the
    cosine with their mean), less half its closeness to the papers not wanted (Rocchio), the reasons
    being the words that count most for and against."""

    def __init__(
        self,
        wanted: Sequence[Doc],
        background: Sequence[Doc],
        *,
        unwanted: Sequence[Doc] = (),
        use_categories: bool = True,
    ) -> None:
        self.features = Features(use_categories=use_categories).fit([*wanted, *unwanted, *background])
        self.centroid = self._centroid(wanted)
        if unwanted:
            self.centroid -= UNWANTED_WEIGHT * self._centroid(unwanted)
        self.unwanted = bool(unwanted)

    def _centroid(self, docs: Sequence[Doc]) -> np.ndarray:
        centroid = np.asarray(self.features.transform(docs).mean(axis=0)).ravel()
        norm = float(np.linalg.norm(centroid))
        return (centroid / norm if norm else centroid).astype(np.float32)

    def score(self, docs: Sequence[Doc]) -> list[Scored]:
        """Each document's cosine with the wanted papers' mean (less the unwanted ones'), with its
        reasons."""
        matrix = self.features.transform(docs)
        scores = matrix @ self.centroid
        contributions = matrix.multiply(self.centroid.reshape(1, -1)).tocsr()
        labels = self.features.labels
        against = REASONS_AGAINST if self.unwanted else 0
        return [
            Scored(doc.id, float(value), _reasons(contributions, row, labels, against=against))
            for row, (doc, value) in enumerate(zip(docs, scores, strict=True))
        ]


def _reasons(
    contributions: sparse.csr_matrix, row: int, labels: list[str], *, against: int = REASONS_AGAINST
) -> list[tuple[str, float]]:
    """The strongest contributions to one row's score, for then against (each with its value)."""
    start, end = contributions.indptr[row], contributions.indptr[row + 1]
    values = contributions.data[start:end]
    columns = contributions.indices[start:end]
    if not len(values):
        return []
    order = np.argsort(values)
    found = [
        (labels[columns[i]], round(float(values[i]), 4)) for i in order[::-1][:REASONS_FOR] if values[i] > 0
    ]
    if against:
        found += [(labels[columns[i]], round(float(values[i]), 4)) for i in order[:against] if values[i] < 0]
    return found
