"""Safety errors: each carries a stable code and an English and a Chinese message."""

from __future__ import annotations


class SafetyError(Exception):
    """Base class; `web/` and the CLI turn subclasses into HTTP problems and exit messages."""

    code = "safety_error"
    status = 400

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh

    def message(self, locale: str) -> str:
        return self.message_zh if locale.lower().startswith("zh") else self.message_en


class PolicyInvalid(SafetyError):
    """A policy file is missing, is not YAML, or does not match the policy schema."""

    code = "policy_invalid"
    status = 500


class InputRejected(SafetyError):
    """Text sent to a moderation API is empty, too long, or the batch is too large."""

    code = "invalid_input"
    status = 400


class Unauthorized(SafetyError):
    """The moderation API key is configured and the request did not carry it."""

    code = "unauthorized"
    status = 401


class JudgeUnavailable(SafetyError):
    """The stage-2 judge cannot run: no model file, no llama_cpp, or its budget is spent."""

    code = "judge_unavailable"
    status = 503

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The second-stage safety judge is unavailable: {reason}.",
            f"第二阶段安全评审模型不可用：{reason}。",
        )
        self.reason = reason
