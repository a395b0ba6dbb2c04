"""`python -m crosstalk.language.llama_server ...`: llama-cpp-python's OpenAI-compatible server
(same arguments as `python -m llama_cpp.server`) with the CPU-safe model loading of
`llama_runtime`, for operators who scale translation out to separate model processes."""

from __future__ import annotations

from crosstalk.config import get_settings
from crosstalk.language.llama_runtime import model_params, use_extra_buffers


def main() -> None:
    from llama_cpp.server.__main__ import main as server_main

    with model_params(use_extra_buffers(get_settings().llama_extra_buffers)):
        server_main()


if __name__ == "__main__":
    main()
