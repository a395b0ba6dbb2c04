"""Test doubles for the `Translator` protocol. Production configuration cannot select these.

`FakeReverseTranslator` produces deterministic target-script gibberish in reversed word order
(placeholders included) so the plumbing — span restoration, scripts, cache — is exercised
without a model. `ScriptedTranslator` returns whatever a test function says, to drive guards.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

from crosstalk.language.translator import TranslationRequest

_TOKEN = re.compile(r"\{\{\d+\}\}|[A-Za-z]+(?:'[A-Za-z]+)?|[\u4e00-\u9fff]")
_ZH_CHARS = "的一是在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切"  # noqa: E501
_TOKEN_PLACEHOLDER = re.compile(r"\{\{\d+\}\}")
_SYLLABLES = ["ba", "ko", "ri", "me", "tu", "sa", "len", "dor", "vi", "ka", "mo", "ne"]


def _pick(word: str, n: int) -> int:
    return int(hashlib.sha256(word.encode()).hexdigest()[:8], 16) % n


def _fake_word(token: str, target: str) -> str:
    if target == "zh-Hans":
        h = _pick(token.lower(), len(_ZH_CHARS) ** 2)
        return _ZH_CHARS[h % len(_ZH_CHARS)] + _ZH_CHARS[h // len(_ZH_CHARS)]
    h = _pick(token, len(_SYLLABLES) ** 2)
    return _SYLLABLES[h % len(_SYLLABLES)] + _SYLLABLES[h // len(_SYLLABLES)]


class FakeReverseTranslator:
    """Deterministic, model-free stand-in: reversed word order, target-script fake words."""

    backend = "fake"

    def __init__(self, *, drop_placeholders: bool = False) -> None:
        self.model = "fake-reverse"
        self.drop_placeholders = drop_placeholders
        self.requests: list[TranslationRequest] = []

    def _one(self, request: TranslationRequest) -> str:
        tokens = _TOKEN.findall(request.text)
        out: list[str] = []
        for token in reversed(tokens):
            if token.startswith("{{"):
                if not self.drop_placeholders:
                    out.append(token)
            else:
                out.append(_fake_word(token, request.target))
        joiner = "" if request.target == "zh-Hans" else " "
        text = joiner.join(out)
        if _TOKEN_PLACEHOLDER.sub("", request.text).rstrip().endswith(("?", "？", "吗")):
            text += "？" if request.target == "zh-Hans" else "?"
        return text

    def translate_batch(self, requests: Sequence[TranslationRequest]) -> list[str]:
        self.requests.extend(requests)
        return [self._one(r) for r in requests]

    def close(self) -> None:
        pass


class ScriptedTranslator:
    """Returns `script(request)` for each request; lets tests play a misbehaving model."""

    backend = "scripted"

    def __init__(self, script: Callable[[TranslationRequest], str]) -> None:
        self.model = "scripted"
        self.script = script
        self.requests: list[TranslationRequest] = []

    def translate_batch(self, requests: Sequence[TranslationRequest]) -> list[str]:
        self.requests.extend(requests)
        return [self.script(r) for r in requests]

    def close(self) -> None:
        pass
