"""Summaries cut where the text's own script allows, never inside a grapheme."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.sanitize import summarize
from newswire.shorten import ELLIPSIS, grapheme_boundaries, shorten

# 295 characters whose only space is inside an English name: the summary
# must not fall back to the text before that space ("Harbor…").
JAPANESE = (
    "横浜市は本日、港湾地区の再開発計画について新しい方針を発表した。計画の中心となるのは"
    "「Harbor Lights」と呼ばれる複合施設で、商業施設と公園、そして市民のための図書館を"
    "一体として整備する。市の担当者によれば、工事は来年の春に始まり、三年後の完成を目指す"
    "という。地元の商店街からは期待の声が上がる一方、交通量の増加や家賃の上昇を心配する"
    "住民も少なくない。市は今月中に説明会を開き、住民の意見を聞いたうえで計画の細部を"
    "詰める方針だ。説明会は港湾地区の公民館で三回に分けて行われ、誰でも参加できる。"
    "参加の申し込みは不要で、会場では計画の模型や完成予想図も公開される予定となっている模様。"
)
CHINESE = (
    "这座城市的港口重建计划今天正式公布市政府表示将在未来十年内投入大量资金改善基础设施"
    "并且新建一座面向市民开放的图书馆和两座公园同时保留老码头的历史建筑居民们对此普遍"
    "表示欢迎但也有人担心房租上涨和交通拥堵等问题市政府承诺会在下个月举行听证会听取各方"
    "意见并根据反馈调整计划的细节"
) * 2


def is_grapheme_prefix(short: str, text: str) -> bool:
    body = short[:-1] if short.endswith(ELLIPSIS) and not text.startswith(short) else short
    return text.startswith(body) and len(body) in grapheme_boundaries(text)


def test_japanese_without_spaces_is_cut_at_a_sentence_end():
    assert len(JAPANESE) == 295 and JAPANESE.count(" ") == 1
    summary = shorten(JAPANESE, 280)
    assert summary != "Harbor…" and len(summary) >= 140
    assert summary.endswith("。")
    assert JAPANESE.startswith(summary)


def test_japanese_summary_from_a_body():
    summary = summarize(f"<p>{JAPANESE}</p><p>次の段落。</p>")
    assert 140 <= len(summary) <= 281 and summary.endswith("。")


def test_chinese_without_punctuation_is_cut_at_a_grapheme_not_shorter_than_half():
    summary = shorten(CHINESE, 100)
    assert summary.endswith(ELLIPSIS) and 50 <= len(summary) <= 101
    assert is_grapheme_prefix(summary, CHINESE)


def test_chinese_clause_marks():
    text = "港口重建计划今天公布，市政府表示将投入资金、改善设施，" * 10
    summary = shorten(text, 60)
    assert summary.endswith(ELLIPSIS)
    assert text.startswith(summary[:-1]) and text[len(summary) - 1] in "，、"


def test_western_text_keeps_numbers_whole():
    text = "Turnout was 1,234,567 voters, or 3.5 percent more " * 6
    summary = shorten(text, 60)
    assert summary.endswith(ELLIPSIS)
    assert not regex.search(r"\d[,.]?…$", summary)
    assert text.startswith(summary[:-1])


def test_western_sentence_end_preferred():
    text = "The ferry resumed service today. " + "Passengers waited on the quay for hours " * 5
    assert shorten(text, 60) == "The ferry resumed service today."


def test_short_text_unchanged():
    assert shorten("短い。", 280) == "短い。"


EMOJI = [
    "👩\u200d👩\u200d👧\u200d👦",  # family (ZWJ sequence)
    "🇯🇵", "🇺🇦", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # flags
    "👍🏽", "🧑🏿\u200d🚀",  # skin tones
    "e\u0301", "a\u0308\u0323",  # combining marks
    "क्षि", "한국어", "ภาษาไทย", "مرحبا", "שָׁלוֹם",
]


@given(st.lists(st.sampled_from(EMOJI + [" ", "。", ", "]), min_size=1, max_size=200),
       st.integers(min_value=4, max_value=120))
@settings(max_examples=200, deadline=None)
def test_never_cut_inside_a_grapheme(parts, limit):
    text = "".join(parts)
    summary = shorten(text, limit)
    assert is_grapheme_prefix(summary, text), (text, summary)
    if len(text) > limit:
        body = summary[:-1] if summary.endswith(ELLIPSIS) else summary
        assert len(body) <= limit
        # as long as possible: half the limit, unless one grapheme is longer
        # (clause marks and spaces at the cut are left out)
        longest = max(len(g) for g in regex.findall(r"\X", text))
        end = len(body)
        while end < len(text) and (text[end].isspace() or text[end] in ",。"):
            end += 1
        assert end >= limit // 2 - longest


def test_every_sequence_whole_at_every_limit():
    text = "".join(EMOJI) * 3
    for limit in range(2, len(text)):
        summary = shorten(text, limit)
        assert is_grapheme_prefix(summary, text), (limit, summary)
