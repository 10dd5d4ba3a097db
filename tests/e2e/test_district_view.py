"""An admin on a phone, in Hindi, reads every sub-division side by side and downloads it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from marketplace.demo import nadaun
from tests.e2e.panel_steps import open_menu, sign_in

ADMIN = next(phone for role, phone, *_ in nadaun.USERS if role == "admin")


def test_an_admin_compares_the_sub_divisions_by_state_and_district(live_server, phone_context,
                                                                   shot, words):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, ADMIN, with_code=True)
    open_menu(page, t, "Reports")
    page.get_by_role("link", name=t("Every sub-division side by side")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Every sub-division side by side"))
    table = page.locator("table.side-by-side")
    # Each sub-division's state and district head its rows, in Hindi (Bihar's first, as
    # बिहार sorts before हिमाचल प्रदेश).
    states = table.get_by_role("rowheader").filter(has_text=re.compile("^(बिहार|हिमाचल प्रदेश)$"))
    expect(states).to_have_text(["बिहार", "हिमाचल प्रदेश"])
    for district in ("हमीरपुर", "सारण"):
        expect(table).to_contain_text(t("District %(name)s").replace("%(name)s", district))
    for name in ("नादौन", "सोनपुर"):
        expect(table.get_by_role("row").filter(has_text=name)).to_have_count(1)
    for chart in ("Registrations against the targets", "Net revenue from delivered orders",
                  "Doorstep deliveries tried (inner bar: made)"):
        expect(page.get_by_role("img", name=t(chart))).to_be_visible()
    shot(page, "side-by-side")
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download CSV")).click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == [t("State"), t("District"), t("Sub-division")]
    by_code = {row[3]: row for row in rows[1:]}
    assert sorted(by_code) == ["NDN", "SNP"]
    assert int(by_code["NDN"][7]) > 0 and int(by_code["SNP"][7]) > 0  # the demo's workers
