import datetime as dt

import pytest

from waimao.model.partner_groups import GROUPS, bloc_of, groups_of, members, resolve_group
from waimao.model.partners import PARTNERS, resolve_partner

MID_2025 = dt.date(2025, 6, 30)


def code(name: str) -> str:
    return resolve_partner(name).code


@pytest.mark.parametrize(
    "group, on, count",
    [
        ("欧盟", MID_2025, 27),
        ("欧盟", dt.date(2019, 12, 31), 28),
        ("东盟", MID_2025, 10),
        ("东盟", dt.date(2025, 10, 26), 11),
        ("RCEP", MID_2025, 14),
        ("中亚五国", MID_2025, 5),
    ],
)
def test_member_counts(group, on, count):
    assert len(members(group, on)) == count


def test_uk_leaves_the_eu_on_2020_02_01():
    uk = code("英国")
    assert uk in members("欧盟", dt.date(2020, 1, 31))
    assert uk not in members("欧盟", dt.date(2020, 2, 1))


def test_timor_leste_joins_asean_on_2025_10_26():
    timor = code("东帝汶")
    assert timor not in members("东盟", dt.date(2025, 10, 25))
    assert timor in members("ASEAN", dt.date(2025, 10, 26))
    assert bloc_of(timor, dt.date(2025, 10, 25)) == timor
    assert bloc_of(timor, dt.date(2025, 11, 1)) == "东盟"


def test_italy_leaves_the_belt_and_road_in_december_2023():
    italy = code("意大利")
    assert italy in members("一带一路", dt.date(2023, 11, 30))
    assert italy not in members("共建“一带一路”国家", dt.date(2024, 1, 1))


def test_rcep_is_asean_plus_four():
    extra = {code(n) for n in ("日本", "韩国", "澳大利亚", "新西兰")}
    assert members("RCEP", MID_2025) == members("东盟", MID_2025) | extra


def test_every_member_is_a_known_partner():
    for group in GROUPS.values():
        for membership in group.memberships:
            assert membership.partner in PARTNERS, (group.name, membership.partner)


def test_continent_groups_take_every_code_of_the_continent():
    assert code("巴西") in members("拉丁美洲", MID_2025)
    assert "499" in members("拉丁美洲", MID_2025)
    assert code("南非") in members("非洲", MID_2025)
    assert code("美国") not in members("拉丁美洲", MID_2025)


def test_seed_partners_are_in_the_right_groups():
    hungary, malaysia, russia, vietnam = (code(n) for n in ("匈牙利", "马来西亚", "俄罗斯", "越南"))
    bri = members("共建“一带一路”国家", MID_2025)
    assert {hungary, malaysia, russia, vietnam} <= bri
    assert russia not in members("欧盟", MID_2025)
    assert hungary in members("欧盟", MID_2025)
    assert {malaysia, vietnam} <= members("东盟", MID_2025)
    assert bloc_of(russia, MID_2025) == russia
    assert bloc_of(hungary, MID_2025) == "欧盟"
    assert bloc_of(malaysia, MID_2025) == "东盟"
    assert set(groups_of(russia, MID_2025)) == {"共建“一带一路”国家"}


def test_bri_list_size_and_non_members():
    bri = members("一带一路", MID_2025)
    assert 145 <= len(bri) <= 155
    for outsider in ("美国", "日本", "德国", "印度", "巴西", "英国", "中国"):
        assert code(outsider) not in bri


@pytest.mark.parametrize(
    "text, name",
    [("EU", "欧盟"), ("ASEAN", "东盟"), ("一带一路", "共建“一带一路”国家"), ("共建一带一路国家", "共建“一带一路”国家"),
     ("Belt and Road", "共建“一带一路”国家"), ("中亚", "中亚五国"), ("拉美", "拉丁美洲")],
)
def test_aliases_resolve(text, name):
    assert resolve_group(text).name == name


def test_published_single_groups_resolve(published_rows):
    names = {row["breakdown"] for row in published_rows if row["breakdown_kind"] == "partner_group"}
    singles = {n for n in names if "+" not in n and n != "新增贸易伙伴"}
    assert singles == {"欧盟", "东盟", "共建“一带一路”国家"}
    for name in singles:
        assert resolve_group(name).name == name


def test_unknown_group_raises():
    with pytest.raises(LookupError, match="unknown partner group"):
        resolve_group("北约")
