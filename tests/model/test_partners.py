import csv
import io
import json

import pycountry
import pytest

from waimao.model.partners import CONTINENTS, PARTNERS, partner_by_code, partner_by_iso3, resolve_partner

# Where our ISO3 deliberately differs from customs_countries.json (reference value, ours).
DELIBERATE_ISO3 = {
    "328": ("ROM", "ROU"),  # ROM is the withdrawn pre-ISO code for Romania
    "260": (None, "SSD"),  # South Sudan has had an ISO code since 2011
    "349": (None, "SCG"),  # Serbia and Montenegro: historic ISO 3166-3 code
    "499": ("BES", None),  # "other Latin America" is not Bonaire/Sint Eustatius/Saba
    "699": ("MNP", None),  # "other Oceania" is not the Northern Mariana Islands
}


def _reference_countries(shared):
    return json.loads(shared("reference/customs_countries.json").read_text(encoding="utf-8"))


def _platform_partners(shared):
    text = shared("reference/gacc_platform/zh-TradingPartner.csv").read_text(encoding="gbk")
    return {row[0]: row[1] for row in list(csv.reader(io.StringIO(text)))[1:] if row}


def test_every_reference_code_resolves_with_matching_iso3(shared):
    for entry in _reference_countries(shared):
        code = entry["COUNTRY_CODE"]
        partner = resolve_partner(code)
        assert partner.code == code
        reference_iso3 = entry.get("ISO_E") or None
        if code in DELIBERATE_ISO3:
            assert (reference_iso3, partner.iso3) == DELIBERATE_ISO3[code]
        elif reference_iso3:
            assert partner.iso3 == reference_iso3, code
        assert entry["COUN_C_NAME"] in partner.names, code


def test_every_platform_partner_resolves_by_code_and_zh_name(shared):
    platform = _platform_partners(shared)
    assert len(platform) > 230
    for code, name in platform.items():
        partner = partner_by_code(code)
        assert partner is not None, code
        assert name == partner.name_zh or name in partner.aliases
        assert resolve_partner(name) is partner


def test_iso3_codes_are_real_and_unique():
    iso3 = [p.iso3 for p in PARTNERS.values() if p.iso3]
    assert len(iso3) == len(set(iso3))
    for code in iso3:
        assert pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code), code
    for code in ("701", "702", "999"):
        assert PARTNERS[code].iso3 is None


def test_english_names_come_from_pycountry_unless_overridden():
    assert PARTNERS["133"].name_en == "South Korea"  # pycountry common_name
    assert PARTNERS["112"].name_en == "Indonesia"  # pycountry name (no common_name)
    assert PARTNERS["110"].name_en == "Hong Kong, China"  # our override
    assert PARTNERS["344"].name_en == "Russia"  # our override of "Russian Federation", as releases write it
    assert PARTNERS["701"].name_en == "Country (region) unknown"


@pytest.mark.parametrize(
    "text, code",
    [
        ("俄罗斯", "344"), ("俄罗斯联邦", "344"), ("Russian Federation", "344"), ("Russia", "344"), ("RUS", "344"),
        ("刚果（金）", "252"), ("刚果(金)", "252"), ("刚果民主共和国", "252"), ("刚果（布）", "213"),
        ("美利坚合众国", "502"), ("美国", "502"), ("United States", "502"), ("usa", "502"),
        ("Korea, Republic of", "133"), ("韩国", "133"), ("大韩民国", "133"),
        ("中国香港", "110"), ("香港", "110"), ("Türkiye", "137"), ("Viet Nam", "141"), ("Vietnam", "141"),
        ("344", "344"), ("３４４", "344"), ("KZ", "145"),
    ],
)
def test_aliases_resolve(text, code):
    assert resolve_partner(text).code == code


def test_lookups_by_code_and_iso3():
    assert partner_by_code(344).name_zh == "俄罗斯"
    assert partner_by_iso3("rou").code == "328"
    assert partner_by_iso3("XXX") is None
    assert partner_by_code("000") is None


def test_continents_follow_the_customs_code_blocks():
    expected = dict(zip("123456", CONTINENTS))
    for partner in PARTNERS.values():
        assert partner.continent == expected.get(partner.code[0]), partner.code


def test_unknown_partner_suggests_close_names():
    with pytest.raises(LookupError, match="俄罗斯"):
        resolve_partner("俄罗")
