"""LGD village lists for tests: the export's own column names, rows of real places."""

from __future__ import annotations

import csv
import io

HEADER = ["S.No.", "State Code", "State Name (In English)", "District Code",
          "District Name (In English)", "Sub-District Code", "Sub-District Name (In English)",
          "Sub-District Name (In Local)", "Block Code", "Block Name (In English)",
          "Block Name (In Local)", "Village Code", "Village Version",
          "Village Name (In English)", "Village Name (In Local)", "Census 2011 Code",
          "Latitude", "Longitude"]

#: Nadaun sub-district (Hamirpur, Himachal Pradesh): (block code, block, block in Hindi,
#: village code, village, village in Hindi, latitude, longitude)
NADAUN = [
    ("1701", "Nadaun", "नादौन", "20001", "Jalari", "जलाड़ी", "31.78", "76.35"),
    ("1701", "Nadaun", "नादौन", "20002", "Dhaneta", "धनेटा", "31.72", "76.30"),
    ("1702", "Bijhari", "बिझड़ी", "20003", "Amtar", "अम्तर", "", ""),
]


def lgd_row(block_code, block, block_hi, code, name, name_hi, latitude="", longitude="", *,
            sub_district="444", sub_district_name="Nadaun", district="33", state="2"):
    return {"S.No.": "1", "State Code": state, "State Name (In English)": "Himachal Pradesh",
            "District Code": district, "District Name (In English)": "Hamirpur",
            "Sub-District Code": sub_district, "Sub-District Name (In English)":
            sub_district_name, "Sub-District Name (In Local)": "नादौन",
            "Block Code": block_code, "Block Name (In English)": block,
            "Block Name (In Local)": block_hi, "Village Code": code, "Village Version": "1",
            "Village Name (In English)": name, "Village Name (In Local)": name_hi,
            "Census 2011 Code": "", "Latitude": latitude, "Longitude": longitude}


def lgd_csv(rows=None, *, header=None, drop=(), encoding="utf-8", delimiter=",") -> bytes:
    """The list as bytes; `header` renames the columns (same order), `drop` leaves some out."""
    names = header or HEADER
    kept = [i for i, column in enumerate(HEADER) if column not in drop]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([names[i] for i in kept])
    for row in rows if rows is not None else [lgd_row(*r) for r in NADAUN]:
        writer.writerow([row.get(HEADER[i], "") for i in kept])
    return out.getvalue().encode(encoding)
