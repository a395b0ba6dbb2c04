"""Language errors: each carries a stable code, an HTTP-ish status and English + Chinese text."""

from __future__ import annotations


class LanguageError(Exception):
    """Base class; `web/` and the CLI map subclasses to problems and messages in one place."""

    code = "language_error"
    status = 400

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh

    def message(self, locale: str) -> str:
        return self.message_zh if locale.startswith("zh") else self.message_en


class InputTooLong(LanguageError):
    code = "input_too_long"
    status = 413

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"Text is too long to translate ({length} characters; the limit is {limit}).",
            f"文本过长，无法翻译（{length} 个字符；上限为 {limit}）。",
        )
        self.length = length
        self.limit = limit


class UnsupportedLanguage(LanguageError):
    code = "unsupported_language"
    status = 400

    def __init__(self, lang: str) -> None:
        super().__init__(
            f"Language '{lang}' is not supported; crosstalk translates English and Chinese.",
            f"不支持语言“{lang}”；crosstalk 只翻译英文和中文。",
        )
        self.lang = lang


class TranslationUnavailable(LanguageError):
    """The engine could not produce a trustworthy translation; the UI shows the original."""

    code = "translation_unavailable"
    status = 503

    def __init__(
        self,
        reason: str = "",
        message_en: str = "Translation is unavailable right now.",
        message_zh: str = "暂时无法翻译。",
    ) -> None:
        super().__init__(message_en, message_zh)
        # Operator-facing detail for logs; never shown to readers.
        self.reason = reason


class ModelNotInstalled(TranslationUnavailable):
    code = "model_not_installed"

    def __init__(self, name: str, path: str) -> None:
        super().__init__(
            reason=f"model {name} not found at {path}",
            message_en=(
                f"Translation model '{name}' is not installed; run `crosstalk models install`."
            ),
            message_zh=f"翻译模型“{name}”尚未安装；请运行 `crosstalk models install`。",
        )
        self.name = name
        self.path = path


class GlossaryError(LanguageError):
    code = "glossary_error"


class TermNotFound(GlossaryError):
    code = "glossary_term_not_found"
    status = 404

    def __init__(self, term_id: int) -> None:
        super().__init__(f"Glossary term {term_id} does not exist.", f"术语 {term_id} 不存在。")


class TermConflict(GlossaryError):
    code = "glossary_term_conflict"
    status = 409

    def __init__(self, term: str) -> None:
        super().__init__(
            f"The glossary already has an entry for '{term}' in that direction.",
            f"术语表中已有该方向的“{term}”条目。",
        )


class InvalidTerm(GlossaryError):
    code = "glossary_term_invalid"
    status = 422

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh)


class TranslationRateLimited(LanguageError):
    """A reader or client asked for more translations per minute than the operator allows."""

    code = "rate_limited"
    status = 429

    def __init__(self) -> None:
        super().__init__(
            "Too many translation requests. Please wait a minute and try again.",
            "翻译请求过于频繁，请稍等一分钟后再试。",
        )
