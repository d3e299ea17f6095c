"""marts.customs_revisions: a newer download of a slice is a revision, and every version of a
revised slice is listed with its file and the change against the one before (issue 18)."""

import datetime as dt
import os

from tests.conftest import BEV, ICE, PARTS, fetch, materialize_all
from tests.gacc_files import ZH_PARTNER, write_download

JUNE = dt.date(2025, 6, 1)


def test_a_revised_slice_lists_every_version_with_its_change(built_hand, tmp_path):
    assert built_hand.result.success
    landing, warehouse = built_hand.copy(tmp_path)
    # no slice was loaded twice yet
    assert fetch(warehouse, "select count(*) from marts.customs_revisions") == [(0,)]

    # the partner download (CNY) again: Russia's BEV revised up, Mexico's gone, the rest equal
    revised = write_download(
        landing / "customs" / "exports" / "exports_202506_partner_cny (2).csv",
        [*ZH_PARTNER, "人民币"],
        [
            [
                f"'{BEV}",
                "纯电动乘用车",
                "344",
                "俄罗斯联邦",
                "110",
                "辆",
                "198,000",
                "千克",
                "1,100,000",
            ],
            [f"'{ICE}", "点燃式小轿车", "344", "俄罗斯联邦", "30", "辆", "?", "千克", "90,000"],
            [PARTS, "汽车零件", "344", "俄罗斯联邦", "5,000", "千克", "5,000", "千克", "70,000"],
        ],
    )
    later = revised.stat().st_mtime + 60
    os.utime(revised, (later, later))
    assert materialize_all(landing, warehouse).success

    [(old_file, old_sha, old_seq)] = fetch(
        warehouse,
        "select source_file, sha256, load_seq from raw.customs_files "
        "where source_file = 'customs/exports/exports_202506_partner_cny.csv'",
    )
    [(new_file, new_sha, new_seq)] = fetch(
        warehouse,
        "select source_file, sha256, load_seq from raw.customs_files "
        "where source_file like '%partner_cny (2).csv'",
    )
    rows = fetch(
        warehouse,
        "select partner_code, slice_version, slice_versions, is_current, source_file, sha256, "
        "load_seq, present, quantity, trade_value, quantity_change, value_change "
        "from marts.customs_revisions where hs_code = ? and currency = 'CNY' and period = ? "
        "order by partner_code, slice_version",
        [BEV, JUNE],
    )
    old = (old_file, old_sha, old_seq)
    new = (new_file, new_sha, new_seq)
    assert rows == [
        ("344", 1, 2, False, *old, True, 100, 1_000_000, None, None),
        ("344", 2, 2, True, *new, True, 110, 1_100_000, 10, 100_000),
        ("429", 1, 2, False, *old, True, 50, 600_000, None, None),
        # Mexico is not in the newer download: the line went, by all it had
        ("429", 2, 2, True, *new, False, None, None, -50, -600_000),
    ]
    # an unchanged slice in the newer file is a version too, with no change
    assert fetch(
        warehouse,
        "select slice_version, quantity_change, value_change from marts.customs_revisions "
        "where hs_code = ? and currency = 'CNY' order by slice_version",
        [ICE],
    ) == [(1, None, None), (2, 0, 0)]
    # the USD download was not revised: none of its slices is listed
    assert fetch(
        warehouse, "select count(*) from marts.customs_revisions where currency = 'USD'"
    ) == [(0,)]
    # and the mart shows the revision as current
    assert fetch(
        warehouse,
        "select vehicles, value_cny from marts.exports_by_destination where partner_iso3 = 'RUS'",
    ) == [(110 + 30, 1_100_000 + 90_000)]
