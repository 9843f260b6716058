import csv
import io
import json

import pytest

from waimao.model.trade_modes import DECLARATION_MODES, TRADE_MODES, every_mode, statistical_code, trade_mode_name

# Declaration codes whose last two digits are not a statistical trade mode. They are movements the
# trade statistics do not count as trade: destruction, transfers between processing contracts or
# bonded areas, domestic sales of bonded inputs, returns and replacements, repairs, temporary
# imports, exhibitions, later tax payments, rent, and 9900 其他 (a declaration catch-all).
NOT_STATISTICAL = {
    "0200", "0245", "0255", "0258", "0265", "0300", "0345", "0400", "0444", "0445", "0446", "0456",
    "0466", "0500", "0544", "0545", "0642", "0644", "0654", "0657", "0664", "0700", "0744", "0844",
    "0845", "0864", "0865", "1200", "1300", "1371", "1500", "2600", "2700", "3100", "4200", "4400",
    "4500", "4561", "4600", "5000", "5100", "5200", "5300", "5361", "9500", "9600", "9700", "9800",
    "9900",
}


def _platform(shared, lang: str) -> dict[str, str]:
    text = shared(f"reference/gacc_platform/{lang}-CustomsRegime.csv").read_text(encoding="gbk")
    return {row[0]: row[1] for row in list(csv.reader(io.StringIO(text)))[1:] if row}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_platform_code_resolves_with_the_same_name(shared, lang):
    platform = _platform(shared, lang)
    assert set(platform) == set(TRADE_MODES)
    for code, name in platform.items():
        assert statistical_code(code) == code
        assert trade_mode_name(code, lang).casefold() == name.casefold()


def test_declaration_codes_map_to_known_statistical_codes(shared):
    declarations = json.loads(shared("reference/customs_trade_modes.json").read_text(encoding="utf-8"))
    codes = {d["TRADE_MODE"] for d in declarations}
    assert NOT_STATISTICAL <= codes
    for code in codes - NOT_STATISTICAL:
        assert statistical_code(code) == code[-2:], code
    for code in NOT_STATISTICAL:
        assert statistical_code(code) is None, code


def test_examples():
    assert statistical_code("0110") == "10"
    assert trade_mode_name("0110") == "一般贸易"
    assert trade_mode_name("0615", "en") == "Processing with Imported Materials"
    assert statistical_code("0715") == "15"
    assert statistical_code("9610") == "10"
    assert statistical_code("１０") == "10"
    assert statistical_code("110") is None
    assert statistical_code("99") is None
    assert trade_mode_name("0654") == "进料深加工结转货物"  # a declaration code with no statistical mode
    assert trade_mode_name("9900") == "其他监管方式"  # not 其他, the name of statistical mode 39
    with pytest.raises(LookupError):
        trade_mode_name("9999")
    with pytest.raises(ValueError):
        trade_mode_name("10", "fr")


def test_every_declaration_code_of_the_customs_list_has_a_name(shared):
    """A record extract can hold any code of the list; none may reach a bulletin or table as a bare code."""
    declarations = json.loads(shared("reference/customs_trade_modes.json").read_text(encoding="utf-8"))
    assert set(DECLARATION_MODES) == NOT_STATISTICAL
    for row in declarations:
        code = row["TRADE_MODE"]
        for lang in ("zh", "en"):
            name = trade_mode_name(code, lang)
            assert name and not any(ch.isdigit() for ch in name[:1]), (code, name)


def test_trade_mode_names_are_unique():
    """english_name and the claim checker look a mode up by its Chinese name."""
    names = [mode.name_zh for mode in every_mode()]
    assert len(names) == len(set(names))
