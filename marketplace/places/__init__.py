"""Geography: sub-division (the tenant) → block → panchayat → village or ward."""
