"""The labelled posts of the personal-data checker: read from their marked-up source files.

The sources (``data/*.txt``) are what a person edits: one post a line, ``lang | allow-list | text``, the
allow-list's names separated by ";" ("-" for none), "\\n" a line break, each gold span written
``{{category|text}}``. ``python -m resonanz.content.tests.pii_sets`` writes the JSON lines the checker's
command line reads (``data/pii_posts.jsonl``, ``data/pii_posts_holdout.jsonl``); a test checks they agree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
# The tuning set (written before the checker was tuned) and the held-out set (written after).
SETS = {
    "pii_posts.jsonl": ("pii_posts_clean.txt", "pii_posts_personal.txt"),
    "pii_posts_holdout.jsonl": ("pii_holdout_clean.txt", "pii_holdout_personal.txt"),
}
MARK = re.compile(r"\{\{([a-z_]+)\|(.+?)\}\}")


@dataclass(frozen=True)
class Span:
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class LabelledPost:
    id: str
    lang: str
    text: str
    allow_list: tuple[str, ...]
    gold: tuple[Span, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "lang": self.lang,
            "text": self.text,
            "allow_list": list(self.allow_list),
            "gold": [{"category": s.category, "start": s.start, "end": s.end} for s in self.gold],
        }


def parse_line(post_id: str, line: str) -> LabelledPost:
    lang, names, marked = (part.strip() for part in line.split(" | ", 2))
    marked = marked.replace("\\n", "\n")
    text, gold, position = [], [], 0
    for match in MARK.finditer(marked):
        text.append(marked[position : match.start()])
        start = sum(map(len, text))
        text.append(match.group(2))
        gold.append(Span(match.group(1), start, start + len(match.group(2))))
        position = match.end()
    text.append(marked[position:])
    allow_list = tuple(name.strip() for name in names.split(";") if name.strip() not in ("", "-"))
    return LabelledPost(post_id, lang, "".join(text), allow_list, tuple(gold))


def read_source(name: str, prefix: str) -> list[LabelledPost]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    posts = [line for line in lines if not line.startswith("#")]
    return [parse_line(f"{prefix}-{number:03d}", line) for number, line in enumerate(posts, start=1)]


def build(jsonl_name: str) -> list[LabelledPost]:
    posts: list[LabelledPost] = []
    for source in SETS[jsonl_name]:
        posts += read_source(source, source.removesuffix(".txt").replace("_", "-"))
    return posts


def read_jsonl(jsonl_name: str) -> list[dict[str, object]]:
    lines = (DATA / jsonl_name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def write_all() -> None:
    for jsonl_name, sources in SETS.items():
        if not all((DATA / source).exists() for source in sources):
            continue
        lines = [json.dumps(post.as_json(), ensure_ascii=False) for post in build(jsonl_name)]
        (DATA / jsonl_name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class Score:
    """Span-level counts: a finding is right when a gold span of its category overlaps it, a gold span
    is found when a finding of its category overlaps it."""

    findings: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Evaluation:
    overall: Score = field(default_factory=Score)
    by_category: dict[str, Score] = field(default_factory=dict)
    clean_posts: int = 0
    clean_flagged: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def clean_flagged_rate(self) -> float:
        return self.clean_flagged / self.clean_posts if self.clean_posts else 0.0

    def table(self) -> str:
        lines = [f"{'category':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'findings':>8} {'gold':>5}"]
        for name, score in sorted(self.by_category.items()):
            lines.append(
                f"{name:<18} {score.precision:9.3f} {score.recall:7.3f} {score.f1:6.3f}"
                f" {score.findings:8d} {score.gold:5d}"
            )
        o = self.overall
        lines.append(
            f"{'micro':<18} {o.precision:9.3f} {o.recall:7.3f} {o.f1:6.3f} {o.findings:8d} {o.gold:5d}"
        )
        lines.append(
            f"clean posts flagged: {self.clean_flagged} of {self.clean_posts} ({self.clean_flagged_rate:.1%})"
        )
        return "\n".join(lines)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(posts: list[dict[str, object]], findings: dict[str, list[dict[str, object]]]) -> Evaluation:
    """Compare the checker's findings (by post id) with the posts' gold spans."""
    result = Evaluation()
    for post in posts:
        post_id, text = str(post["id"]), str(post["text"])
        gold = [(str(g["category"]), (int(g["start"]), int(g["end"]))) for g in post["gold"]]  # type: ignore[attr-defined]
        found = [(str(f["category"]), (int(f["start"]), int(f["end"]))) for f in findings[post_id]]  # type: ignore[call-overload]
        if not gold:
            result.clean_posts += 1
            result.clean_flagged += bool(found)
        for category, span in found:
            right = any(c == category and _overlaps(span, g) for c, g in gold)
            for score in (result.overall, result.by_category.setdefault(category, Score())):
                score.findings += 1
                score.right += right
            if not right:
                result.mistakes.append(f"{post_id} false {category}: {text[span[0] : span[1]]!r}")
        for category, span in gold:
            hit = any(c == category and _overlaps(span, f) for c, f in found)
            for score in (result.overall, result.by_category.setdefault(category, Score())):
                score.gold += 1
                score.found += hit
            if not hit:
                result.mistakes.append(f"{post_id} missed {category}: {text[span[0] : span[1]]!r}")
    return result


if __name__ == "__main__":
    write_all()
