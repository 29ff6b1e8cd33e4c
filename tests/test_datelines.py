"""Datelines of scraped text in the world's languages (dateparser), split off
their paragraph, with the strict rules kept and near misses reported."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.run import BuildOptions, build
from newswire.readers import read_article
from newswire.readers.datelines import near_miss, read_dateline
from newswire.readers.dates import DateError

UTC = timezone.utc
ROME = ZoneInfo("Europe/Rome")

# (language, paragraph, ISO moment, dateline as split off, the paragraph's rest)
DATELINES = [
    # Han and kana: year-month-day with 年月日, brackets, weekday and second date asides
    ("ja", "2019年4月25日（木）東京電力は発表した。", "2019-04-25T00:00:00+00:00",
     "2019年4月25日（木）", "東京電力は発表した。"),
    ("ja", "【2019年4月25日】政府は閣議で決定した。", "2019-04-25T00:00:00+00:00",
     "【2019年4月25日】", "政府は閣議で決定した。"),
    ("ja", "2019年4月25日（平成31年4月25日）東京", "2019-04-25T00:00:00+00:00",
     "2019年4月25日（平成31年4月25日）", "東京"),
    ("ja", "令和元年5月1日（水）皇居で", "2019-05-01T00:00:00+00:00",
     "令和元年5月1日（水）", "皇居で"),
    ("ja", "【平成31年4月30日】退位礼正殿の儀", "2019-04-30T00:00:00+00:00",
     "【平成31年4月30日】", "退位礼正殿の儀"),
    ("zh", "2019年04月25日 15:43 来源：新华网", "2019-04-25T15:43:00+00:00",
     "2019年04月25日 15:43", "来源：新华网"),
    ("zh", "2019年4月25日 10:30（农历三月廿一）北京——国务院今天", "2019-04-25T10:30:00+00:00",
     "2019年4月25日 10:30（农历三月廿一）", "北京——国务院今天"),
    ("zh-Hant", "［2019年4月25日］中央社電", "2019-04-25T00:00:00+00:00",
     "［2019年4月25日］", "中央社電"),
    # Hangul
    ("ko", "2019년 12월 3일 서울 정부는 발표했다", "2019-12-03T00:00:00+00:00",
     "2019년 12월 3일", "서울 정부는 발표했다"),
    # Latin script
    ("es", "10 de febrero de 2011El ministro dijo que", "2011-02-10T00:00:00+00:00",
     "10 de febrero de 2011", "El ministro dijo que"),
    ("es", "jueves 25 de abril de 2019 - 10:30 Madrid.", "2019-04-25T10:30:00+00:00",
     "jueves 25 de abril de 2019 - 10:30", "Madrid."),
    ("pt", "quinta-feira, 25 de abril de 2019 Lisboa", "2019-04-25T00:00:00+00:00",
     "quinta-feira, 25 de abril de 2019", "Lisboa"),
    ("pt-BR", "25 de abril de 2019 às 14h30 O presidente disse", "2019-04-25T14:30:00+00:00",
     "25 de abril de 2019 às 14h30", "O presidente disse"),
    ("fr", "le 25 avril 2019 à 10h30 Le Premier ministre a", "2019-04-25T10:30:00+00:00",
     "le 25 avril 2019 à 10h30", "Le Premier ministre a"),
    ("de", "14:30 Uhr, 3. Dez. 2019 Berlin – Die Regierung hat", "2019-12-03T14:30:00+00:00",
     "14:30 Uhr, 3. Dez. 2019", "Berlin – Die Regierung hat"),
    ("it", "giovedì 25 aprile 2019 Il governo ha", "2019-04-25T00:00:00+00:00",
     "giovedì 25 aprile 2019", "Il governo ha"),
    ("nl", "donderdag 25 april 2019 De regering heeft", "2019-04-25T00:00:00+00:00",
     "donderdag 25 april 2019", "De regering heeft"),
    ("ca", "25 d'abril de 2019 El govern ha", "2019-04-25T00:00:00+00:00",
     "25 d'abril de 2019", "El govern ha"),
    ("pl", "3 grudnia 2019 Rząd przyjął", "2019-12-03T00:00:00+00:00",
     "3 grudnia 2019", "Rząd przyjął"),
    ("tr", "3 Aralık 2019 Hükümet açıkladı", "2019-12-03T00:00:00+00:00",
     "3 Aralık 2019", "Hükümet açıkladı"),
    ("cs", "25. dubna 2019 Vláda schválila", "2019-04-25T00:00:00+00:00",
     "25. dubna 2019", "Vláda schválila"),
    ("id", "Kamis, 25 April 2019 Pemerintah menyatakan", "2019-04-25T00:00:00+00:00",
     "Kamis, 25 April 2019", "Pemerintah menyatakan"),
    ("vi", "Thứ năm, 25/4/2019 Chính phủ cho biết", "2019-04-25T00:00:00+00:00",
     "Thứ năm, 25/4/2019", "Chính phủ cho biết"),
    # Cyrillic
    ("uk", "25 квітня 2019 р. Київ — Президент заявив", "2019-04-25T00:00:00+00:00",
     "25 квітня 2019 р.", "Київ — Президент заявив"),
    ("uk", "четвер, 25 квітня 2019, 10:30 Київ", "2019-04-25T10:30:00+00:00",
     "четвер, 25 квітня 2019, 10:30", "Київ"),
    ("ru", "3 декабря 2019, 14:30 Москва. Правительство", "2019-12-03T14:30:00+00:00",
     "3 декабря 2019, 14:30", "Москва. Правительство"),
    # Arabic script, Western and Eastern Arabic digits
    ("ar", "25 أبريل 2019 أعلنت الحكومة", "2019-04-25T00:00:00+00:00",
     "25 أبريل 2019", "أعلنت الحكومة"),
    ("fa", "۳ دسامبر ۲۰۱۹ دولت اعلام کرد", "2019-12-03T00:00:00+00:00",
     "۳ دسامبر ۲۰۱۹", "دولت اعلام کرد"),
    ("ar", "الخميس، 25 أبريل 2019 أعلنت الحكومة", "2019-04-25T00:00:00+00:00",
     "الخميس، 25 أبريل 2019", "أعلنت الحكومة"),
    ("ar", "25 نيسان/أبريل 2019 أعلنت الحكومة", "2019-04-25T00:00:00+00:00",
     "25 نيسان/أبريل 2019", "أعلنت الحكومة"),
    ("ar", "٢٥ أبريل ٢٠١٩ أعلنت الحكومة", "2019-04-25T00:00:00+00:00",
     "٢٥ أبريل ٢٠١٩", "أعلنت الحكومة"),
    # Greek, Hebrew, Devanagari, Thai (Buddhist-era year)
    ("el", "3 Δεκεμβρίου 2019 Η κυβέρνηση ανακοίνωσε", "2019-12-03T00:00:00+00:00",
     "3 Δεκεμβρίου 2019", "Η κυβέρνηση ανακοίνωσε"),
    ("he", "3 בדצמבר 2019 הממשלה הודיעה", "2019-12-03T00:00:00+00:00",
     "3 בדצמבר 2019", "הממשלה הודיעה"),
    ("hi", "3 दिसंबर 2019 सरकार ने कहा", "2019-12-03T00:00:00+00:00",
     "3 दिसंबर 2019", "सरकार ने कहा"),
    ("th", "3 ธันวาคม 2562 รัฐบาลประกาศ", "2019-12-03T00:00:00+00:00",
     "3 ธันวาคม 2562", "รัฐบาลประกาศ"),
]


@pytest.mark.parametrize("language, paragraph, iso, dateline, rest", DATELINES,
                         ids=[f"{d[0]}-{i}" for i, d in enumerate(DATELINES)])
def test_datelines_in_many_languages(language, paragraph, iso, dateline, rest):
    found = read_dateline(paragraph, UTC, language)
    assert found is not None
    assert (found.published.isoformat(), found.text, found.rest) == (iso, dateline, rest)


def test_the_languages_and_scripts_covered():
    languages = {d[0].split("-")[0] for d in DATELINES}
    assert len(languages) >= 15
    # the script of each dateline's letters, from the Unicode character names
    scripts = {unicodedata.name(ch).split()[0] for d in DATELINES for ch in d[3]
               if ch.isalpha()}
    assert {"CJK", "HANGUL", "LATIN", "CYRILLIC", "ARABIC", "GREEK", "HEBREW",
            "DEVANAGARI", "THAI"} <= scripts


@pytest.mark.parametrize("language, paragraph", [
    (None, "10 de febrero de 2011El ministro dijo"),      # no language: Western guesses
    ("en", "2019年4月25日 東京"),                          # English site, Japanese article
    ("en", "25 квітня 2019 Київ"),                         # the script decides
])
def test_language_guessed_from_script_or_western_defaults(language, paragraph):
    assert read_dateline(paragraph, UTC, language) is not None


@pytest.mark.parametrize("paragraph, iso", [
    ("10 de febrero de 2011El gobierno anunció", "2011-02-10T00:00:00+00:00"),
    ("le 25 avril 2019 à 10h30 — Les dirigeants", "2019-04-25T10:30:00+00:00"),
    ("14:30 Uhr, 3. Dez. 2019Die Regierung", "2019-12-03T14:30:00+00:00"),
    ("giovedì 25 aprile 2019 Il governo", "2019-04-25T00:00:00+00:00"),
])
def test_english_site_reads_western_datelines_of_scraped_articles(paragraph, iso):
    # a site in English importing pages scraped in Spanish, French, German...
    found = read_dateline(paragraph, UTC, "en")
    assert found is not None and found.published.isoformat() == iso


@pytest.mark.parametrize("language, paragraph, iso, dateline, rest", [
    ("fr", "Publié le 25 avril 2019 à 10h30 Les dirigeants", "2019-04-25T10:30:00+00:00",
     "Publié le 25 avril 2019 à 10h30", "Les dirigeants"),
    ("de", "Veröffentlicht am 3. Dezember 2019, 14:30 Uhr Berlin", "2019-12-03T14:30:00+00:00",
     "Veröffentlicht am 3. Dezember 2019, 14:30 Uhr", "Berlin"),
    ("en", "Published: 25 April 2019 The talks", "2019-04-25T00:00:00+00:00",
     "Published: 25 April 2019", "The talks"),
    ("en", "Posted on April 25, 2019 The council", "2019-04-25T00:00:00+00:00",
     "Posted on April 25, 2019", "The council"),
    ("pt", "Publicado em 25 de abril de 2019 às 14h30 O presidente", "2019-04-25T14:30:00+00:00",
     "Publicado em 25 de abril de 2019 às 14h30", "O presidente"),
    ("zh", "发布时间：2019年4月25日 10:30 北京", "2019-04-25T10:30:00+00:00",
     "发布时间：2019年4月25日 10:30", "北京"),
    # the time written with 時/分, 시/분
    ("ja", "2019年4月25日 10時30分 東京", "2019-04-25T10:30:00+00:00",
     "2019年4月25日 10時30分", "東京"),
    ("ko", "2019년 12월 3일 14시 30분 서울", "2019-12-03T14:30:00+00:00",
     "2019년 12월 3일 14시 30분", "서울"),
])
def test_publication_label_and_cjk_time_belong_to_the_dateline(language, paragraph, iso,
                                                                dateline, rest):
    found = read_dateline(paragraph, UTC, language)
    assert found is not None
    assert (found.published.isoformat(), found.text, found.rest) == (iso, dateline, rest)


def test_a_label_before_something_not_a_date_is_text():
    assert read_dateline("Published in 2019, the report", UTC, "en") is None
    assert near_miss("Published: April 2019 The", "en") == "April 2019"
    with pytest.raises(DateError, match="'31 avril 2019' names no real day"):
        read_dateline("Publié le 31 avril 2019 Le ministre", UTC, "fr")


def test_english_site_refuses_an_impossible_spanish_day():
    with pytest.raises(DateError, match="'31 de febrero de 2019' names no real day"):
        read_dateline("31 de febrero de 2019El texto.", UTC, "en")


@pytest.mark.parametrize("language, paragraph, dateline", [
    ("ja", "2019年13月1日 本文です。", "2019年13月1日"),
    ("zh", "2019年2月30日 北京", "2019年2月30日"),
    ("ko", "2019년 13월 3일 서울", "2019년 13월 3일"),
    ("en", "【2019年0月5日】東京", "2019年0月5日"),
])
def test_marked_month_or_day_out_of_range_is_refused(language, paragraph, dateline):
    # dateparser reads 2019年13月1日 as 13 January, and 2019年13月 as 1 March
    with pytest.raises(DateError, match=f"{dateline!r} names no real day"):
        read_dateline(paragraph, UTC, language)


def test_marked_parts_are_read_as_written():
    found = read_dateline("2019年1月13日 東京", UTC, "ja")
    assert found is not None and found.published.isoformat() == "2019-01-13T00:00:00+00:00"
    assert read_dateline("2019年13月 東京", UTC, "ja") is None


def test_naive_dateline_is_in_the_site_zone():
    found = read_dateline("le 25 avril 2019 à 10h30 Paris", ROME, "fr")
    assert found is not None and found.published.isoformat() == "2019-04-25T10:30:00+02:00"


@pytest.mark.parametrize("language, paragraph", [
    ("es", "31 de febrero de 2019 El ministro"),
    ("fr", "le 31 avril 2019 Le ministre"),
    ("ja", "2019年2月30日 東京"),
])
def test_impossible_day_is_refused(language, paragraph):
    with pytest.raises(DateError, match="names no real day"):
        read_dateline(paragraph, UTC, language)


@pytest.mark.parametrize("language, paragraph", [
    ("es", "10 de febrero de 11 El ministro"),       # two-digit year
    ("en", "The company said in 2019 that it"),      # a sentence with a year
    ("fr", "En 2019, le gouvernement"),
    ("de", "Berlin (dpa) Die Regierung hat"),        # no year at all
])
def test_not_a_dateline(language, paragraph):
    assert read_dateline(paragraph, UTC, language) is None


@pytest.mark.parametrize("language, paragraph, missed", [
    ("es", "febrero de 2019 fue un mes difícil", "febrero de 2019"),
    ("en", "April 2019 was the month", "April 2019"),
    ("uk", "квітень 2019 року був", "квітень 2019"),
    ("es", "25 de abril, el presidente", "25 de abril"),
    ("de", "3. Dez. Berlin – Die Regierung", "3. Dez."),
    ("fr", "12 mai : la réunion", "12 mai"),
    ("en", "25 April — The talks", "25 April"),
    ("ja", "4月25日、政府は", "4月25日"),
])
def test_near_miss(language, paragraph, missed):
    assert read_dateline(paragraph, UTC, language) is None
    assert near_miss(paragraph, language) == missed


@pytest.mark.parametrize("language, paragraph", [
    ("en", "In April 2019, the company"),
    ("en", "2019 was a year of change"),
    ("en", "The 2019 budget"),
    ("en", "25 people died in the fire"),
    ("en", "12 months later"),
    ("ja", "13月40日"),
])
def test_sentences_are_not_near_misses(language, paragraph):
    assert near_miss(paragraph, language) is None


def test_only_a_bounded_prefix_is_read():
    paragraph = "Una frase larga " * 5 + "10 de febrero de 2011"
    assert read_dateline(paragraph, UTC, "es") is None


def _site(root: Path, language: str) -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text(
        f'base_url = "https://example.org/"\ntitle = "Wire"\nlanguage = "{language}"\n'
        'timezone = "Europe/Madrid"\n')
    return root


def test_scraped_articles_dated_by_site_or_sidecar_language(tmp_path):
    site = _site(tmp_path, "es")
    content = site / "content"
    (content / "es.txt").write_text("El acuerdo\n\n  \u2022 Resumen\n\nShare\n\n"
                                    "10 de febrero de 2011El ministro dijo que sí.\n\n"
                                    "Segundo párrafo.\n")
    (content / "ja.txt").write_text("合意\n\n【2019年4月25日】政府は閣議で決定した。\n")
    (content / "ja.yaml").write_text("lang: ja\n")
    (content / "de.txt").write_text("Einigung\n\n14:30 Uhr, 3. Dez. 2019 Berlin – Die "
                                    "Regierung hat.\n")
    (content / "de.toml").write_text('lang = "de"\n')
    (content / "near.txt").write_text("Casi\n\nfebrero de 2019 fue un mes difícil.\n")
    (content / "bad.txt").write_text("Malo\n\n31 de febrero de 2019 El ministro.\n")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    report = build(site, BuildOptions(now=now))
    errors = [(Path(str(d.path)).name, d.line, d.message) for d in report.errors]
    assert errors == [("bad.txt", 3, "dateline '31 de febrero de 2019' names no real day; "
                                     "fix the date at the start of this paragraph")]
    near = [(Path(str(d.path)).name, d.line) for d in report.warnings
            if "reads only partly as a date" in d.message]
    assert near == [("near.txt", 3)]
    items = {i["url"]: i for i in json.loads(
        (site / "public/feeds/main/feed.json").read_bytes())["items"]}
    es = items["https://example.org/es/"]
    assert es["date_published"] == "2011-02-10T00:00:00+01:00"
    assert es["content_html"].startswith("<p>El ministro dijo que sí.</p>")
    ja = items["https://example.org/ja/"]
    assert ja["date_published"] == "2019-04-25T00:00:00+02:00"
    assert ja["content_html"] == "<p>政府は閣議で決定した。</p>"
    de = items["https://example.org/de/"]
    assert de["date_published"] == "2019-12-03T14:30:00+01:00"
    assert de["content_html"] == "<p>Berlin – Die Regierung hat.</p>"
    assert items["https://example.org/near/"]["date_published"] == "2026-01-01T01:00:00+01:00"
    atom = feedparser.parse((site / "public/feeds/main/atom.xml").read_bytes())
    assert {e.link: e.published for e in atom.entries}["https://example.org/ja/"] == \
        "2019-04-25T00:00:00+02:00"


def test_read_article_passes_the_site_language(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Título\n\n25 de abril de 2019 às 14h30 O presidente disse.\n")
    article, warnings = read_article(path, tmp_path, UTC, "pt")
    assert article.published.isoformat() == "2019-04-25T14:30:00+00:00"
    assert article.body_html == "<p>O presidente disse.</p>\n" and warnings == []


_DATEISH = st.builds(
    lambda day, sep, word, year, tail: f"{day}{sep}{word} {year}{tail}",
    st.integers(0, 40), st.sampled_from([" ", ". ", " de ", "年", "/"]),
    st.sampled_from(["abril", "Dez.", "квітня", "أبريل", "月", "April", "xyz", ""]),
    st.integers(0, 12000), st.text(max_size=20))


@settings(max_examples=150, deadline=None)
@given(st.one_of(_DATEISH, st.text(max_size=60)), st.sampled_from([None, "en", "es", "ja", "uk"]))
def test_any_paragraph_gives_a_dateline_none_or_a_date_error(paragraph, language):
    try:
        found = read_dateline(paragraph, UTC, language)
    except DateError:
        return
    if found is not None:
        assert paragraph.endswith(found.rest) and found.text
        assert 1000 <= found.published.year <= 9999
        assert str(found.published.year) in paragraph or language == "th"
    near_miss(paragraph, language)


def test_dateparser_is_imported_only_when_a_dateline_needs_it(tmp_path):
    import subprocess
    import sys
    (tmp_path / "en.txt").write_text("Title\n\n25 April 2019First paragraph.\n")
    (tmp_path / "es.txt").write_text("Título\n\n10 de febrero de 2011El ministro.\n")
    script = (
        "import sys, zoneinfo\n"
        "from pathlib import Path\n"
        "from newswire.readers import read_article\n"
        f"root = Path({str(tmp_path)!r})\n"
        "read_article(root / 'en.txt', root, zoneinfo.ZoneInfo('UTC'), 'es')\n"
        "print('dateparser' in sys.modules)\n"
        "read_article(root / 'es.txt', root, zoneinfo.ZoneInfo('UTC'), 'es')\n"
        "print('dateparser' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]
