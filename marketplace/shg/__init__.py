"""Women's self-help groups: the group, its members and leaders, approval by staff."""
