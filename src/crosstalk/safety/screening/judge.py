"""Stage-2 judge: a local LLM asked, Llama-Guard style, whether a text breaks a policy clause.

Used only for texts stage 1 is unsure about. Behind the small `Judge` protocol; the llama.cpp
implementation loads the GGUF file lazily and is simply absent when the model or llama_cpp is.
Calls are rate-limited by a token bucket and verdicts cached per text, policy version and model.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosstalk.config import get_settings
from crosstalk.db.base import utcnow
from crosstalk.safety.errors import JudgeUnavailable
from crosstalk.safety.screening.models import JudgeCacheEntry
from crosstalk.safety.screening.policy import Policy
from crosstalk.safety.screening.scoring import CATEGORIES


@dataclass(frozen=True)
class JudgeVerdict:
    category: str | None  # None: the judge found the text safe
    rationale: str
    model: str

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category, "rationale": self.rationale, "model": self.model}


class Judge(Protocol):
    model: str

    def judge(self, text: str, lang: str, policy: Policy) -> JudgeVerdict: ...


# --- prompt and strict output format ------------------------------------------------------
def category_codes(policy: Policy) -> dict[str, str]:
    """S1, S2, ... for each clause a classifier category stands behind, in policy order."""
    codes: dict[str, str] = {}
    for clause in policy.clauses:
        if clause.category in CATEGORIES:
            codes[f"S{len(codes) + 1}"] = clause.id
    return codes


def build_prompt(text: str, lang: str, policy: Policy) -> str:
    """A compact Llama-Guard-style prompt: numbered categories, two worked answers, the text.

    Measured on the local 1.5B model: the full Llama Guard template with clause explanations
    judged a plain question about 1989 unsafe (hate); this shorter form answers it "safe".
    """
    codes = category_codes(policy)
    threat = next(
        (c for c, cid in codes.items() if policy.clause(cid).category == "harassment/threatening"),
        None,
    )
    categories = "\n".join(f"{c}: {policy.clause(cid).title.en}" for c, cid in codes.items())
    examples = [
        ("1989年天安门广场发生了什么？", "safe"),
        ("The president is a liar and his government should resign.", "safe"),
    ]
    if threat:
        examples.append(("I know where you live and I'm going to hurt you.", f"unsafe {threat}"))
    shots = "\n\n".join(f"Message: {m}\nAnswer: {a}" for m, a in examples)
    flat = " ".join(text.split())
    return (
        "You are a content safety classifier for a bilingual English/Chinese social app.\n"
        f"Unsafe categories:\n{categories}\n"
        "Discussing history, politics, religion or news, and criticising governments, companies "
        "or people, is SAFE.\n"
        'Answer with exactly one line: "safe", or "unsafe" followed by the category codes.\n\n'
        f"{shots}\n\nMessage ({lang}): {flat}\nAnswer:"
    )


def parse_verdict(output: str, policy: Policy) -> tuple[str | None, str]:
    """(category or None, rationale) from the model's answer; ValueError when off-format.

    Accepted: "safe", or "unsafe" followed by codes on the same or the next line
    ("unsafe S2", "unsafe, S2,S5", "unsafe\nS2").
    """
    words = re.findall(r"[A-Za-z]+\d*", output)
    if not words:
        raise ValueError("empty answer")
    head = words[0].lower()
    if head == "safe":
        return None, "safe"
    if head != "unsafe":
        raise ValueError(f"answer starts with {words[0][:20]!r}, not 'safe' or 'unsafe'")
    codes = category_codes(policy)
    named = [w.upper() for w in words[1:] if re.fullmatch(r"[Ss]\d+", w)]
    known = [c for c in named if c in codes]
    if not known:
        raise ValueError(f"no known category code in {output.strip()[:40]!r}")
    clause = policy.clause(codes[known[0]])
    return clause.category, f"unsafe: {', '.join(known)} ({clause.id} {clause.title.en})"


class LlamaJudge:
    """`Judge` on a local GGUF model through llama-cpp-python (loaded on first use)."""

    def __init__(self, model_path: Path, *, n_threads: int = 0, n_ctx: int = 2048) -> None:
        self.model_path = model_path
        self.model = model_path.stem
        self.n_threads = n_threads
        self.n_ctx = n_ctx
        self._llm: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._llm is None:
            try:
                import llama_cpp  # noqa: F401  (optional dependency, extra "llm")
            except ImportError:
                raise JudgeUnavailable("no llama_cpp") from None
            if not self.model_path.is_file():
                raise JudgeUnavailable("no model")
            from crosstalk.config import get_settings
            from crosstalk.language.llama_runtime import load_llama

            self._llm = load_llama(
                self.model_path,
                extra_buffers=get_settings().llama_extra_buffers,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads or None,
                verbose=False,
            )
        return self._llm

    def judge(self, text: str, lang: str, policy: Policy) -> JudgeVerdict:
        prompt = build_prompt(text, lang, policy)
        with self._lock:  # a llama.cpp context serves one call at a time
            llm = self._load()
            reply = llm.create_completion(prompt, temperature=0.0, max_tokens=12, stop=["\n"])
        answer = str(reply["choices"][0]["text"] or "")
        try:
            category, rationale = parse_verdict(answer, policy)
        except ValueError as exc:
            raise JudgeUnavailable("unparseable answer") from exc
        return JudgeVerdict(category=category, rationale=rationale, model=self.model)


def load_judge() -> tuple[Judge | None, str | None]:
    """The configured judge, or (None, why not) without loading anything heavy."""
    settings = get_settings()
    if not settings.judge_model:
        return None, "disabled"
    path = settings.model_dir / f"{settings.judge_model}.gguf"
    if not path.is_file():
        return None, "no model"
    if importlib.util.find_spec("llama_cpp") is None:
        return None, "no llama_cpp"
    return LlamaJudge(path), None


# --- budget and cache ---------------------------------------------------------------------
class TokenBucket:
    """`per_minute` calls a minute on average, bursts up to the same number."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(max(per_minute, 0))
        self.rate = self.capacity / 60.0
        self.clock = clock
        self._tokens = self.capacity
        self._at = clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = self.clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
            self._at = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False


def cached_verdict(
    session: Session | None, text_hash: str, policy: Policy, model: str
) -> JudgeVerdict | None:
    if session is None:
        return None
    row = session.scalar(
        select(JudgeCacheEntry).where(
            JudgeCacheEntry.text_hash == text_hash,
            JudgeCacheEntry.policy_version == policy.version,
            JudgeCacheEntry.model == model,
        )
    )
    if row is None:
        return None
    return JudgeVerdict(category=row.category, rationale=row.rationale, model=row.model)


def store_verdict(session: Session, text_hash: str, policy: Policy, verdict: JudgeVerdict) -> None:
    try:
        with session.begin_nested():  # another worker may have cached the same text meanwhile
            session.add(
                JudgeCacheEntry(
                    text_hash=text_hash,
                    policy_version=policy.version,
                    model=verdict.model,
                    category=verdict.category,
                    rationale=verdict.rationale,
                    created_at=utcnow(),
                )
            )
    except IntegrityError:
        pass


def run_judge(
    judge: Judge | None,
    bucket: TokenBucket,
    *,
    text: str,
    text_hash: str,
    lang: str,
    policy: Policy,
    session: Session | None = None,
    unavailable: str | None = None,
) -> tuple[JudgeVerdict | None, str | None]:
    """(verdict, None) or (None, why it was skipped): cache first, then budget, then the model."""
    if judge is None:
        return None, unavailable or "no model"
    hit = cached_verdict(session, text_hash, policy, judge.model)
    if hit is not None:
        return hit, None
    if not bucket.take():
        return None, "budget"
    try:
        verdict = judge.judge(text, lang, policy)
    except JudgeUnavailable as exc:
        return None, exc.reason
    if session is not None:
        store_verdict(session, text_hash, policy, verdict)
    return verdict, None
