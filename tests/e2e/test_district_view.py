"""An admin on a phone, in Hindi, reads every sub-division side by side and downloads it."""

from __future__ import annotations

import csv
import io
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
    # Nadaun's state and district head its rows, in Hindi.
    expect(table.get_by_role("rowheader").first).to_have_text("हिमाचल प्रदेश")
    expect(table).to_contain_text(t("District %(name)s").replace("%(name)s", "हमीरपुर"))
    expect(table.get_by_role("row").filter(has_text="नादौन")).to_have_count(1)
    for chart in ("Registrations against the targets", "Net revenue from delivered orders",
                  "Doorstep deliveries tried (inner bar: made)"):
        expect(page.get_by_role("img", name=t(chart))).to_be_visible()
    shot(page, "side-by-side")
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download CSV")).click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == [t("State"), t("District"), t("Sub-division")]
    assert [row[3] for row in rows[1:]] == ["NDN"]
    assert int(rows[1][7]) > 0  # the demo's workers are listed
