"""Trade modes (贸易方式): each mode's slice figures, as customs publishes them.

Record extracts carry the 4-digit declaration codes (0110, 9610); releases and the platform use
the 2-digit statistical modes (10 一般贸易), so declaration codes are summed under their mode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.labels import member_names
from waimao.indicators.records import Breakdown
from waimao.indicators.writer import Pair
from waimao.model.trade_modes import statistical_code

TRADE_MODE = need("trade_mode", ("trade_mode",), "贸易方式", "the trade-mode figures")


def by_statistical_mode(sums: Mapping[tuple[str, str, str], Pair]) -> dict[tuple[str, str], Pair]:
    """(statistical mode, flow) → Pair: declaration codes summed under their statistical trade mode."""
    out: dict[tuple[str, str], Pair] = defaultdict(Pair)
    for (kind, member, flow), pair in sums.items():
        if kind == "trade_mode":
            mode = statistical_code(member) or member
            out[(mode, flow)] = out[(mode, flow)] + pair
    return out


def write(ctx: Context) -> None:
    if not ctx.has("trade_mode"):
        return
    writer = ctx.writer_for("trade_mode")
    for (mode, flow), pair in sorted(by_statistical_mode(ctx.sums.members()).items()):
        zh, en = member_names("trade_mode", mode)
        writer.slice(flow, Breakdown("trade_mode", zh), (zh, en), pair, ctx.totals[flow])


FAMILY = Family("trade_modes", (TRADE_MODE,), write)
