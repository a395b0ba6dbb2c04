"""All runtime settings in one pydantic-settings object, read from ``CROSSTALK_*`` env vars."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Embedded defaults run on one machine; every backend is switched by config only."""

    model_config = SettingsConfigDict(env_prefix="CROSSTALK_", env_file=".env", extra="ignore")

    # --- core -------------------------------------------------------------
    data_dir: Path = Path("var")
    database_url: str = ""  # empty: SQLite file under data_dir
    secret_key: str = ""  # empty: generated once and kept in data_dir/secret_key
    base_url: str = "http://127.0.0.1:8000"
    platform_name: str = "crosstalk"  # as published in transparency exports (DSA platform_name)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True

    # --- community limits -------------------------------------------------
    max_images_per_note: int = 9
    max_image_bytes: int = 10 * 1024 * 1024
    max_upload_request_bytes: int = 95 * 1024 * 1024
    max_title_chars: int = 100
    max_body_chars: int = 5000
    max_comment_chars: int = 1000
    max_bio_chars: int = 500
    max_report_reason_chars: int = 1000
    login_rate_limit: int = 10  # failed attempts per window, per username and per IP
    login_rate_window_s: int = 300
    signup_rate_limit: int = 5  # accounts per window per IP
    signup_rate_window_s: int = 3600
    session_max_age_s: int = 14 * 24 * 3600
    token_max_age_s: int = 30 * 24 * 3600
    cookie_secure: bool = False

    # --- pipeline ---------------------------------------------------------
    worker_mode: Literal["inline", "embedded", "off"] = "embedded"
    redis_url: str = "redis://127.0.0.1:6379/0"

    # --- language ---------------------------------------------------------
    model_dir: Path = Field(default=Path("var/models"))
    translation_backend: Literal["local", "openai", "libretranslate"] = "local"
    translation_model: str = "qwen2.5-coder-1.5b-q4km"  # a name in language.model_store.MODELS
    translation_openai_url: str = "http://127.0.0.1:8080/v1"
    translation_openai_api_key: str = ""
    translation_libretranslate_url: str = "http://127.0.0.1:5000"
    translation_libretranslate_api_key: str = ""
    translation_timeout_s: float = 120.0
    translation_max_chars: int = 5000
    translation_threads: int = 0  # 0: all CPU cores
    translation_n_ctx: int = 2048
    # ggml weight repacking; "auto" turns it off on CPUs that list AMX (its AMX path crashes
    # under hypervisors that advertise AMX without providing it).
    llama_extra_buffers: Literal["auto", "on", "off"] = "auto"
    translation_rate_limit: int = 60  # per minute per client: LibreTranslate API, readers
    libretranslate_api_keys: str = ""  # comma-separated; set: /translate and /detect need one

    # --- safety -----------------------------------------------------------
    policy_path: Path | None = None  # None: the shipped default policy
    shadow_policy_path: Path | None = None  # evaluated beside the enforced one, never applied
    moderation_api_key: str = ""  # set: /v1/moderations and /api/v1/screen need this Bearer key
    judge_model: str = "qwen2.5-coder-1.5b-instruct-q4_k_m"  # <model_dir>/<name>.gguf; "" = off
    judge_per_minute: int = 30  # stage-2 judge calls allowed per minute per process
    velocity_backend: Literal["database", "redis"] = "database"  # redis: uses redis_url

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'crosstalk.db').as_posix()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests change env vars; this drops the cached object so the next read sees them."""
    get_settings.cache_clear()
