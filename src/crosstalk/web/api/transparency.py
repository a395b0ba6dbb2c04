"""API: the transparency report's numbers (`GET /api/v1/transparency`), the same as the page's.

`from` and `to` (YYYY-MM-DD, both days included, UTC) choose the period; default: all time.
The statements of reasons themselves are downloads of the page: /transparency/statements.json
and /transparency/statements.csv.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from crosstalk.safety.errors import InputRejected
from crosstalk.safety.transparency import report
from crosstalk.web.deps import Db
from crosstalk.web.i18n import current_locale

router = APIRouter(tags=["transparency"])


class Period(BaseModel):
    from_: str | None = Field(alias="from", description="first day included (YYYY-MM-DD)")
    to: str | None = Field(description="last day included (YYYY-MM-DD)")


class Appeals(BaseModel):
    received: int
    upheld: int
    reversed: int
    open: int


class TransparencyOut(BaseModel):
    period: Period
    generated_at: str
    policy_version: str
    total_actions: int = Field(description="decisions that acted: not the posts that passed")
    by_category: dict[str, int] = Field(description="policy category → actions ('none': no rule)")
    by_action: dict[str, int] = Field(
        description="label | limit | hold | remove | suspend | restore | account_<kind>"
    )
    by_language: dict[str, int] = Field(description="en | zh | mixed | und | ISO 639-1")
    automated_vs_human: dict[str, int] = Field(description="automated | human")
    by_automation: dict[str, int] = Field(description="DSA automated_decision values")
    by_source: dict[str, int] = Field(description="notice | own_initiative")
    account_actions: dict[str, int] = Field(description="warning | limit | suspension | ban")
    appeals: Appeals
    appeal_reversal_rate: float | None = Field(description="reversed / decided appeals")
    appeal_median_time_s: float | None
    median_time_to_action_s: float | None
    median_time_by_source: dict[str, float | None]
    notices_received: int = Field(description="user reports filed in the period")
    statements_of_reasons: int = Field(description="rows of the DSA export for the period")


@router.get(
    "/api/v1/transparency",
    response_model=TransparencyOut,
    responses={400: {"description": "`from` or `to` is not a date, or `from` is after `to`"}},
)
def read_transparency(
    db: Db,
    start: str | None = Query(default=None, alias="from", description="YYYY-MM-DD"),
    end: str | None = Query(default=None, alias="to", description="YYYY-MM-DD"),
) -> JSONResponse:
    """Moderation numbers for a period: by category, action type, language, automation and
    source; appeals; median time to action; account actions. Public, no login."""
    try:
        since, until = report.parse_period(start, end)
    except InputRejected as exc:
        return JSONResponse(
            {"detail": exc.message(current_locale.get()), "code": exc.code},
            status_code=exc.status,
        )
    data = report.report(db, since=since, until=until)
    return JSONResponse(data.to_json())
