"""The translation service everyone calls: language resolution, spans, glossary, cache, guards.

`translate_text` / `translate_many` wrap whichever backend Settings selects with everything a
reader relies on: protected spans restored verbatim, glossary terms forced, Chinese scripts and
punctuation right, outputs checked to be translations, results cached per glossary version.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from prometheus_client import Counter
from sqlalchemy.orm import Session

from crosstalk.config import get_settings
from crosstalk.language import backends, cache, glossary, guards, scripts
from crosstalk.language.errors import InputTooLong, TranslationUnavailable, UnsupportedLanguage
from crosstalk.language.glossary import (
    add_term,
    current_version,
    delete_term,
    import_terms,
    list_terms,
    update_term,
)
from crosstalk.language.spans import Masked, mask_terms, preserved, protect, restore
from crosstalk.language.translator import (
    EngineLang,
    TranslationRequest,
    TranslationResult,
    Translator,
)

__all__ = [
    "TranslationResult",
    "add_term",
    "current_version",
    "delete_term",
    "get_translator",
    "import_terms",
    "list_terms",
    "normalize_lang",
    "set_translator",
    "translate_many",
    "translate_text",
    "update_term",
]

log = logging.getLogger(__name__)

FAILURES = Counter(
    "crosstalk_translation_failures_total", "Segments rejected by the output guards", ["problem"]
)

_ALIASES = {
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "zh": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zt": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
}
LANGUAGES = ("en", "zh-Hans", "zh-Hant")
# A segment longer than this is split at sentence ends so each prompt stays small.
MAX_SEGMENT_CHARS = 400


def normalize_lang(code: str) -> str:
    """`en`, `zh-Hans` or `zh-Hant` for any accepted spelling (zh, zt, zh_TW, zh-CN …)."""
    key = code.strip().replace("_", "-").lower()
    if key not in _ALIASES:
        raise UnsupportedLanguage(code)
    return _ALIASES[key]


# --- the process-wide backend (chosen by `backends.build` from Settings) ---------------------

_translator: Translator | None = None
_translator_lock = threading.Lock()


def get_translator() -> Translator:
    global _translator
    with _translator_lock:
        if _translator is None:
            _translator = backends.build(get_settings())
        return _translator


def set_translator(translator: Translator | None) -> None:
    """Replace the process-wide backend (tests, embedding); None rebuilds from Settings."""
    global _translator
    with _translator_lock:
        if _translator is not None and _translator is not translator:
            _translator.close()
        _translator = translator


# --- planning ------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_LINE_PREFIX = re.compile(r"^(\s*(?:(?:[-*+]|\d{1,3}[.)]|>+|#{1,6})\s+)*)")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


@dataclass
class _Segment:
    masked: Masked
    keep: list[str] = field(default_factory=list)  # do-not-translate terms to find in output
    output: str | None = None
    problem: str = ""


@dataclass
class _Plan:
    index: int
    text: str
    source_lang: str
    engine_source: EngineLang | None = None
    key: str = ""
    glossary_version: int = 0
    parts: list[str | _Segment] = field(default_factory=list)
    result: TranslationResult | None = None

    @property
    def segments(self) -> list[_Segment]:
        return [p for p in self.parts if isinstance(p, _Segment)]


def _resolve_source(text: str, source: str, target: str) -> str:
    if source != "auto":
        return normalize_lang(source)
    from crosstalk.language.detect import detect

    lang = detect(text).lang
    if lang == "mixed":
        # Code-switched text: translate the part the reader does not read.
        return "zh-Hans" if target == "en" else "en"
    if lang in LANGUAGES or lang == "und":
        return lang
    raise UnsupportedLanguage(lang)


def _chunks(line: str) -> list[str]:
    if len(line) <= MAX_SEGMENT_CHARS:
        return [line]
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(line):
        if current and len(current) + len(sentence) > MAX_SEGMENT_CHARS:
            chunks.append(current)
            current = ""
        current += sentence + (" " if sentence and sentence[-1] in ".!?" else "")
    if current:
        chunks.append(current)
    # A single unbroken run longer than the limit is cut hard rather than refused.
    return [
        c[i : i + MAX_SEGMENT_CHARS] for c in chunks for i in range(0, len(c), MAX_SEGMENT_CHARS)
    ]


def _segment(session: Session, text: str, source_lang: str) -> _Segment:
    masked = protect(text)
    if source_lang == "zh-Hant":
        masked.text = scripts.to_simplified(masked.text)
    found = glossary.find_matches(session, masked.text, "en" if source_lang == "en" else "zh")
    return _Segment(mask_terms(masked, found.forced), keep=found.keep)


def _plan_parts(session: Session, text: str, source_lang: str) -> list[str | _Segment]:
    parts: list[str | _Segment] = []
    in_fence = False
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("\n")
        if _FENCE.match(line):
            in_fence = not in_fence
            parts.append(line)
            continue
        if in_fence or not line.strip():
            parts.append(line)
            continue
        prefix = _LINE_PREFIX.match(line)
        head = prefix.group(1) if prefix else ""
        parts.append(head)
        for chunk in _chunks(line[len(head) :]):
            core = chunk.strip()
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            trail = chunk[len(chunk.rstrip()) :]
            parts.append(lead)
            segment = _segment(session, core, source_lang)
            if segment.masked.has_content:
                parts.append(segment)
            else:
                parts.append(core)  # only emoji, links, numbers: nothing to translate
            parts.append(trail)
    return parts


def _finish(segment: _Segment, raw: str, source: EngineLang, target_lang: str) -> None:
    """Clean, check, fix punctuation and script, restore spans; set output or problem."""
    engine_target: EngineLang = "en" if target_lang == "en" else "zh-Hans"
    text = guards.clean_output(raw, segment.masked.text)
    verdict = guards.check(segment.masked.text, text, source, engine_target)
    if not verdict.ok:
        segment.problem = verdict.problem
        FAILURES.labels(verdict.problem).inc()
        return
    if any(term.casefold() not in text.casefold() for term in segment.keep):
        segment.problem = "glossary_keep"
        FAILURES.labels("glossary_keep").inc()
        return
    masked = segment.masked
    if engine_target == "en":
        text = scripts.english_punctuation(text)
    else:
        text = scripts.chinese_punctuation(text)
        if target_lang == "zh-Hant":
            text = scripts.to_traditional(text)
            # Forced Chinese terms follow the reader's script too; other spans stay verbatim.
            masked = Masked(
                masked.text,
                [
                    replace(s, replacement=scripts.to_traditional(s.replacement))
                    if s.kind == "term"
                    else s
                    for s in masked.spans
                ],
            )
    restored = restore(masked, text)
    if not preserved(masked.spans, restored.text):
        segment.problem = "spans_lost"
        FAILURES.labels("spans_lost").inc()
        return
    segment.output = restored.text
    segment.problem = ""


def _run_backend(
    translator: Translator, plans: list[_Plan], target_lang: str, *, strict: bool
) -> None:
    todo = [
        (plan, seg)
        for plan in plans
        for seg in plan.segments
        if seg.output is None and (not strict or seg.problem)
    ]
    if not todo:
        return
    target: EngineLang = "en" if target_lang == "en" else "zh-Hans"
    requests = [
        TranslationRequest(seg.masked.text, plan.engine_source or "en", target, strict=strict)
        for plan, seg in todo
    ]
    outputs = translator.translate_batch(requests)
    for (plan, seg), raw in zip(todo, outputs, strict=True):
        _finish(seg, raw, plan.engine_source or "en", target_lang)


def _convert_script(text: str, target: str) -> str:
    """Simplified ↔ Traditional without a model, protected spans untouched."""
    masked = protect(text)
    convert = scripts.to_traditional if target == "zh-Hant" else scripts.to_simplified
    return restore(masked, convert(masked.text)).text


def translate_many(
    session: Session,
    texts: Sequence[str],
    target: str,
    source: str = "auto",
    *,
    translator: Translator | None = None,
) -> list[TranslationResult]:
    """Translate several texts in one backend batch; results in input order.

    Cache rows are added to `session`; the caller commits. Raises `InputTooLong`,
    `UnsupportedLanguage`, or `TranslationUnavailable` when any text cannot be translated
    faithfully (successful ones are cached first, so a retry is cheap).
    """
    settings = get_settings()
    target_lang = normalize_lang(target)
    for text in texts:
        if len(text) > settings.translation_max_chars:
            raise InputTooLong(len(text), settings.translation_max_chars)
    engine = translator
    plans: list[_Plan] = []
    first_of: dict[str, _Plan] = {}
    for i, raw_text in enumerate(texts):
        text = cache.normalize(raw_text)
        source_lang = _resolve_source(text, source, target_lang) if text else "und"
        plan = _Plan(i, text, source_lang)
        plans.append(plan)
        if source_lang == "und" or source_lang == target_lang or not text:
            plan.result = TranslationResult(raw_text, source_lang, target_lang, "", "none", False)
        elif scripts.has_cjk(text) and source_lang != "en" and target_lang != "en":
            converted = _convert_script(text, target_lang)
            model = "s2twp" if target_lang == "zh-Hant" else "t2s"
            plan.result = TranslationResult(
                converted, source_lang, target_lang, model, "opencc", False
            )
        else:
            if engine is None:
                engine = get_translator()
            plan.engine_source = "en" if source_lang == "en" else "zh-Hans"
            plan.glossary_version = current_version(session) or _seed_version(session)
            plan.key = cache.cache_key(
                text, source_lang, target_lang, engine.backend, engine.model, plan.glossary_version
            )
            if plan.key in first_of:
                continue  # the same text earlier in this batch: translated once, shared
            hit = cache.lookup(session, plan.key)
            if hit is not None:
                plan.result = TranslationResult(
                    hit, source_lang, target_lang, engine.model, engine.backend, True
                )
            else:
                first_of[plan.key] = plan
                plan.parts = _plan_parts(session, text, source_lang)
    pending = list(first_of.values())
    if pending and engine is not None:
        _run_backend(engine, pending, target_lang, strict=False)
        _run_backend(engine, pending, target_lang, strict=True)
        failed: list[_Plan] = []
        for plan in pending:
            if any(seg.output is None for seg in plan.segments):
                failed.append(plan)
                continue
            translated = "".join(p if isinstance(p, str) else str(p.output) for p in plan.parts)
            cache.store(
                session,
                key=plan.key,
                text=plan.text,
                source=plan.source_lang,
                target=target_lang,
                backend=engine.backend,
                model=engine.model,
                glossary_version=plan.glossary_version,
                translated=translated,
            )
            plan.result = TranslationResult(
                translated, plan.source_lang, target_lang, engine.model, engine.backend, False
            )
        if failed:
            session.flush()
            problems = sorted({s.problem for p in failed for s in p.segments if s.problem})
            log.warning("translation rejected by guards: %s", ", ".join(problems))
            raise TranslationUnavailable(reason="guards: " + ", ".join(problems))
    for plan in plans:
        if plan.result is None:
            plan.result = first_of[plan.key].result
    return [p.result for p in plans if p.result is not None]


def _seed_version(session: Session) -> int:
    glossary.ensure_seeded(session)
    return current_version(session)


def translate_text(
    session: Session,
    text: str,
    target: str,
    source: str = "auto",
    *,
    translator: Translator | None = None,
) -> TranslationResult:
    """Translate one text into `target` (en, zh, zh-Hans, zh-Hant, zt …); caller commits."""
    return translate_many(session, [text], target, source, translator=translator)[0]


def cached_translations(
    session: Session, texts: Sequence[str], target: str, source: str = "auto"
) -> list[TranslationResult | None]:
    """What is already in the cache for each text (None where nothing is), never calling a
    backend: for pages that show translations when ready and queue the rest."""
    target_lang = normalize_lang(target)
    engine = get_translator()
    version = current_version(session) or _seed_version(session)
    out: list[TranslationResult | None] = []
    for raw_text in texts:
        text = cache.normalize(raw_text)
        source_lang = _resolve_source(text, source, target_lang) if text else "und"
        if not text or source_lang in ("und", target_lang):
            out.append(TranslationResult(raw_text, source_lang, target_lang, "", "none", False))
            continue
        if scripts.has_cjk(text) and source_lang != "en" and target_lang != "en":
            model = "s2twp" if target_lang == "zh-Hant" else "t2s"
            converted = _convert_script(text, target_lang)
            out.append(
                TranslationResult(converted, source_lang, target_lang, model, "opencc", False)
            )
            continue
        key = cache.cache_key(text, source_lang, target_lang, engine.backend, engine.model, version)
        hit = cache.lookup(session, key)
        out.append(
            None
            if hit is None
            else TranslationResult(
                hit, source_lang, target_lang, engine.model, engine.backend, True
            )
        )
    return out
