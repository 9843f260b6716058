"""/check: the trade claims of posted texts with their verdicts (`waimao check --json`)."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, Field

from waimao import api
from waimao.web.common import ERRORS, dumps, json_entry, respond

router = APIRouter(tags=["check"])

#: A newspaper page is some 10,000 characters; a request may carry a few dozen.
MAX_TEXT = 200_000
MAX_TEXTS = 50


class Text(BaseModel):
    name: str = Field("text", max_length=200, description="A label for the text, e.g. its file name.")
    text: str = Field(..., min_length=1, max_length=MAX_TEXT, description="Plain text in simplified Chinese.")


class CheckRequest(BaseModel):
    texts: list[Text] = Field(..., min_length=1, max_length=MAX_TEXTS)
    year: int | None = Field(None, ge=1980, le=2100, description="What 今年 means in a text without a year.")
    region: str | None = Field(None, max_length=64, description="What 我省 means in a text naming no province.")


class CheckAnswer(BaseModel):
    files: list[str]
    summary: dict[str, Any]
    claims: list[dict[str, Any]]
    out_of_scope: list[dict[str, Any]]


@router.post("/check", response_model=CheckAnswer, responses=ERRORS)
async def check(request: Request, body: Annotated[CheckRequest, Body()]) -> Response:
    """Extract every numeric trade claim of the texts and verify it: within each text, across the
    texts, and against the warehouse (confirmed, contradicted, inconsistent or unverifiable)."""
    texts = [(t.name, t.text) for t in body.texts]
    digest = hashlib.sha256(dumps([texts, body.year, body.region])).hexdigest()

    def make(warehouse: api.Warehouse, token: str):
        report = api.check(texts, db=warehouse, year=body.year, region=body.region)
        return json_entry(report.to_dict())

    return await respond(request, ("check", digest), make)
