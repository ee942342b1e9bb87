"""Tables continued across a page break: joined again, a repeated header dropped and its
differing labels reported."""

from __future__ import annotations

from functools import cache

from reportgen.context import build
from reportgen.readers.continued import join
from reportgen.readers.document import Block, Cell, Relabel, Table, grid
from reportgen.readers.docx_reader import blocks
from reportgen.readers.labels import normal
from reportgen.readers.published import interpret
from reportgen.validation import check_file, check_source
from reportgen.writers import render

from .helpers import SAMPLES


def test_parts_joined_after_a_row_cut_keep_one_origin_per_cell() -> None:
    # LibreOffice cuts a row of table 三 at a page break (its rest alone on the next page, a
    # part of its own), and the next group starts on the same page. Every cell keeps an origin
    # of its own: two cells sharing one made a merged group cell swallow the row below it.
    labels = {normal(t) for t in ("（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
                                  "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息",
                                  "（六）其他处理", "1.申请人无正当理由逾期不补正", "2.申请人逾期未缴费")}
    parts = [grid(rows) for rows in (  # (text, colspan, rowspan) per physical cell
        [[("（三）不予公开", 1, 2), ("1.属于国家秘密", 1, 1), ("1", 1, 1)], [("2.其他法律行政", 1, 1), ("2", 1, 1)]],
        [[("", 1, 1), ("法规禁止公开", 1, 1), ("", 1, 1)],
         [("（五）不予处理", 1, 1), ("5.要求行政机关确认或", 1, 1), ("8", 1, 1)]],
        [[("", 1, 1), ("重新出具已获取信息", 1, 1), ("", 1, 1)]],
        [[("（六）其他处理", 1, 2), ("1.申请人无正当理由逾期不补正", 1, 1), ("2", 1, 1)],
         [("2.申请人逾期未缴费", 1, 1), ("6", 1, 1)]])]
    whole = parts[0]
    for part in parts[1:]:
        joined = join(whole, part, labels)
        assert joined is not None
        whole = joined
    assert [[c.text for c in row] for row in whole.rows] == [
        ["（三）不予公开", "1.属于国家秘密", "1"], ["（三）不予公开", "2.其他法律行政法规禁止公开", "2"],
        ["（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "8"],
        ["（六）其他处理", "1.申请人无正当理由逾期不补正", "2"], ["（六）其他处理", "2.申请人逾期未缴费", "6"]]
    texts: dict[tuple[int, int], set[str]] = {}
    for row in whole.rows:
        for cell in row:
            texts.setdefault(cell.origin, set()).add(cell.text)
    assert all(len(t) == 1 for t in texts.values()), texts
    assert [c.origin for c in whole.rows[3]] == [(3, 0), (3, 1), (3, 2)]  # as users count rows


@cache
def _blocks() -> list[Block]:
    checked = check_file(SAMPLES / "2024.yaml")
    assert checked.report is not None
    return blocks(render(build(checked.format, checked.report), ("docx",), SAMPLES)["docx"], "t.docx")


def _split(typos: dict[str, str]) -> list[Block]:
    """The 2024 sample's blocks with table 三 printed on pages 3 and 4: its last row on page 4
    under its header printed again, with ``typos`` in the repeated header."""
    out: list[Block] = []
    for block in _blocks():
        if not (isinstance(block, Table) and block.rows[1][3].text == "自然人"):
            out.append(block)
            continue
        cut = len(block.rows) - 1  # 四、结转下年度继续办理: no merged cell crosses into it
        head = [[Cell(typos.get(c.text, c.text), c.origin) for c in row] for row in block.rows[:3]]
        tail = [[Cell(c.text, (c.origin[0] - cut + 3, c.origin[1])) for c in row]
                for row in block.rows[cut:]]
        out += [Table(block.rows[:cut], page=3, pages=[3] * cut),
                Table(head + tail, page=4, pages=[4] * (len(head) + len(tail)))]
    return out


def test_a_typo_in_a_repeated_header_is_reported_where_it_is_printed() -> None:
    source = interpret(_split({"社会公益组织": "社会公益组识"}), "t.docx")
    assert [(n.where, n.published, n.official) for n in source.notes] == [
        ("第4页:表三 续表表头 第7列", "社会公益组识", "社会公益组织")]
    assert source.notes[0].message == "续表表头写的是“社会公益组识”，官方名称为“社会公益组织”"  # reportgen import
    # The repeated header is still left out: the rows go on where page 3 stopped.
    assert source.values[("applications", "carried_forward", "total")].where == \
        "第4页:表三 第28行 第10列"
    result = check_source(source)
    assert [f.format() for f in result.findings if f.rule == "R-LABEL"] == [
        "t.docx:第4页:表三 续表表头 第7列: 警告：所印名称“社会公益组识”与官方名称“社会公益组织”不同 "
        "[R-LABEL]"]


def test_a_header_repeated_as_printed_or_wrapped_gives_no_note() -> None:
    assert interpret(_split({}), "t.docx").notes == []
    assert interpret(_split({"法人或其他组织": "法人或其他\n组织"}), "t.docx").notes == []


def test_a_repeat_of_a_label_the_header_itself_misprints_is_not_reported_twice() -> None:
    first = Table([[Cell("申请人情况", (0, 0)), Cell("自然仁", (0, 1))]])
    more = Table([[Cell("申请人情况", (0, 0)), Cell("自然人", (0, 1))], [Cell("1", (1, 0)), Cell("2", (1, 1))]])
    labels = {normal("申请人情况"), normal("自然人")}
    joined = join(first, more, labels)
    assert joined is not None and joined.relabels == []
    more = Table([[Cell("申请人情况", (0, 0)), Cell("自然仁人", (0, 1))], [Cell("1", (1, 0)), Cell("2", (1, 1))]])
    first = Table([[Cell("申请人情况", (0, 0)), Cell("自然人", (0, 1))]])
    joined = join(first, more, labels)
    assert joined is not None
    assert joined.relabels == [Relabel(0, 1, 1, "自然仁人", "自然人")]
    assert [[c.text for c in row] for row in joined.rows] == [["申请人情况", "自然人"], ["1", "2"]]


def test_an_empty_label_at_the_top_of_a_page_is_not_the_row_label_above() -> None:
    # A page ends on the row （二）部分公开 (its own label over two columns); the next page opens
    # the group （三）不予公开 with the group's label left empty. The empty cell under the
    # cut 三、本年度办理结果 continues that cell; the one under （二）部分公开 is not that row's
    # label continued (a row's own label ends with its row) but an empty cell of its own.
    labels = {normal(t) for t in ("三、本年度办理结果", "（二）部分公开", "（三）不予公开", "1.属于国家秘密")}
    page = grid([[("三、本年度办理结果", 1, 2), ("（一）予以公开", 2, 1), ("4", 1, 1)],
                 [("（二）部分公开", 2, 1), ("3", 1, 1)]])
    more = grid([[("", 1, 1), ("", 1, 1), ("1.属于国家秘密", 1, 1), ("1", 1, 1)]])
    joined = join(page, more, labels)
    assert joined is not None
    assert [[c.text for c in row] for row in joined.rows] == [
        ["三、本年度办理结果", "（一）予以公开", "（一）予以公开", "4"],
        ["三、本年度办理结果", "（二）部分公开", "（二）部分公开", "3"],
        ["三、本年度办理结果", "", "1.属于国家秘密", "1"]]
    assert joined.rows[2][0] is joined.rows[0][0]  # the group cell, continued
    assert joined.rows[2][1].origin == (2, 1)  # a cell of the new row
