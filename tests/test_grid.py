"""Spans derived from header trees match the official merges."""

from __future__ import annotations

from reportgen.formats import GOV2019, GOV2021, REVIEWS
from reportgen.grid import column_header, row_labels


def _spans(rows: tuple[tuple[object, ...], ...]) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.colspan, c.rowspan) for c in row] for row in rows]  # type: ignore[attr-defined]


def test_table_four_header_is_the_official_three_rows() -> None:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert _spans(column_header(REVIEWS.columns)) == [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [*((o, 1, 2) for o in outcomes), ("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        [*((o, 1, 1) for o in outcomes), *((o, 1, 1) for o in outcomes)],
    ]


def test_table_three_applicant_header() -> None:
    assert GOV2021.applications is not None
    assert _spans(column_header((GOV2021.applications.columns,))) == [
        [("申请人情况", 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1),
         ("其他", 1, 1)],
    ]


def test_table_three_row_labels_2021_and_2019() -> None:
    for fmt, results_rows in ((GOV2021, 22), (GOV2019, 20)):
        assert fmt.applications is not None
        laid = row_labels(fmt.applications.rows, 3)
        first = {leaf.label: [(c.text, c.colspan, c.rowspan) for c in cells] for leaf, cells in laid}
        assert first["一、本年新收政府信息公开申请数量"] == [("一、本年新收政府信息公开申请数量", 3, 1)]
        assert first["（一）予以公开"] == [("三、本年度办理结果", 1, results_rows), ("（一）予以公开", 2, 1)]
        assert first["1.属于国家秘密"] == [("（三）不予公开", 1, 8), ("1.属于国家秘密", 1, 1)]
        assert first["2.其他法律行政法规禁止公开"] == [("2.其他法律行政法规禁止公开", 1, 1)]
        assert first["（七）总计"] == [("（七）总计", 2, 1)]
    other_2021 = {leaf.label: cells for leaf, cells in row_labels(GOV2021.applications.rows, 3)}
    assert [(c.text, c.rowspan) for c in other_2021["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]] \
        == [("（六）其他处理", 3), ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1)]
