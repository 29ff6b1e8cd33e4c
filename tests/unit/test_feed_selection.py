"""select_feeds and feed_membership: each feed's entries, chosen once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newswire.selection import FeedSelection, feed_membership, select_feeds

from .conftest import APRIL, FEED, SITE, entry

WORLD = entry("world.md", "World", days=2, tags=("world",))
SPORT = entry("sport.md", "Sport", days=1, tags=("sport",))
BOTH = entry("both.md", "Both", days=0, tags=("world", "sport"))
ENTRIES = [BOTH, WORLD, SPORT]  # any order: selections are newest first
MAIN = FEED
WORLD_FEED = replace(FEED, name="world", path="feeds/world", include_tags=("World",))
NO_SPORT = replace(FEED, name="calm", path="feeds/calm", exclude_tags=("sport",))


def titles(selection: FeedSelection) -> list[str]:
    return [e.title for e in selection.entries]


def test_each_feed_holds_its_entries_newest_first_in_feed_order() -> None:
    selections = select_feeds([MAIN, WORLD_FEED, NO_SPORT], SITE, ENTRIES)
    assert [s.feed.name for s in selections] == ["main", "world", "calm"]
    assert titles(selections[0]) == ["World", "Sport", "Both"]
    assert titles(selections[1]) == ["World", "Both"]
    assert titles(selections[2]) == ["World"]


def test_membership_names_the_feeds_of_each_entry_in_feed_order() -> None:
    membership = feed_membership(select_feeds([WORLD_FEED, MAIN, NO_SPORT], SITE, ENTRIES))
    assert membership == {WORLD.id: ("world", "main", "calm"), BOTH.id: ("world", "main"),
                          SPORT.id: ("main",)}


def test_an_entry_no_feed_holds_is_not_a_member() -> None:
    assert feed_membership(select_feeds([WORLD_FEED], SITE, [SPORT])) == {}


def test_membership_holds_equal_names_as_one_tuple() -> None:
    more = [entry(f"w{n}.md", f"W{n}", days=3 + n, tags=("world",)) for n in range(3)]
    selections = select_feeds([WORLD_FEED, MAIN, NO_SPORT], SITE, ENTRIES + more)
    shared = feed_membership(selections)
    assert shared[WORLD.id] == ("world", "main", "calm")
    # one object for every entry in the same feeds, no list of its own
    assert all(shared[e.id] is shared[WORLD.id] for e in more)
    assert shared[BOTH.id] == ("world", "main") and shared[SPORT.id] == ("main",)
    assert feed_membership(select_feeds([WORLD_FEED], SITE, [SPORT])) == {}


def test_auto_feeds_take_the_entries_with_recorded_updates() -> None:
    later = APRIL + timedelta(days=30)
    auto_entries = [replace(e, updated=later) for e in ENTRIES]
    auto_feed = replace(WORLD_FEED, updated="auto")
    manual, auto = select_feeds([MAIN, auto_feed], SITE, ENTRIES, auto_entries)
    assert {e.updated for e in manual.entries} != {later}
    assert [e.updated for e in auto.entries] == [later, later]
    # the same entries either way
    assert [e.id for e in auto.entries] == [WORLD.id, BOTH.id]


def test_the_sites_auto_setting_applies_to_feeds_without_their_own() -> None:
    later = APRIL + timedelta(days=30)
    auto_entries = [replace(e, updated=later) for e in ENTRIES]
    manual_feed = replace(WORLD_FEED, updated="manual")
    inherits, own = select_feeds([MAIN, manual_feed], replace(SITE, updated="auto"), ENTRIES,
                                 auto_entries)
    assert {e.updated for e in inherits.entries} == {later}
    assert later not in {e.updated for e in own.entries}
    # without auto entries every feed takes the entries as they are
    (plain,) = select_feeds([MAIN], replace(SITE, updated="auto"), ENTRIES)
    assert later not in {e.updated for e in plain.entries}
