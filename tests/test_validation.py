"""Validation messages, verbatim, from small invalid inputs; and the clean samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.validation import check_file

from .helpers import GOV2019, GOV2021, LEGACY, SAMPLES, check, messages
from .helpers import replace_line as R

ROW = "  received: [5, 1, 0, 0, 0, 0]"
CASES = {
    "unknown-key-with-hint": (
        R(GOV2021, "      not_held: [1, 0, 0, 0, 0, 0]", "      not_hold: [1, 0, 0, 0, 0, 0]"),
        "t.yaml:13:7: applications.results.unavailable.not_hold（（四）无法提供）: 错误：未知的键 not_hold："
        "“（四）无法提供”中没有这一项；是不是想写 not_held（即“（四）无法提供 1.本机关不掌握相关政府信息”）？ [KEY-UNKNOWN]"),
    "missing-section": (
        GOV2021.replace("problems: 存在的问题。\n", ""),
        "t.yaml:1:1: problems（五、存在的主要问题及改进情况）: 错误：缺少必填部分“五、存在的主要问题及改进情况”："
        "请添加 problems: [KEY-MISSING]"),
    "year-text": (
        R(GOV2021, "year: 2024", "year: 二〇二四"),
        "t.yaml:2:7: year（报告年度）: 错误：报告年度应为四位数的年份（如 2019），实际为文本 “二〇二四” [TYPE]"),
    "year-range": (
        R(GOV2021, "year: 2024", "year: 1999"),
        "t.yaml:2:7: year（报告年度）: 错误：报告年度应在 2008 到 2100 之间，实际为 1999 [TYPE]"),
    "organ-kind": (
        GOV2021 + "organ_kind: departmnt\n",
        "t.yaml:18:13: organ_kind（机关类别）: 错误：应为 department / government / township 之一，"
        "实际为文本 “departmnt”；是不是想写 department？ [TYPE]"),
    "date": (
        R(GOV2021, "published: 2025-01-20", "published: 2025年1月20日"),
        "t.yaml:4:12: published（发布日期）: 错误：应为日期，写成 YYYY-MM-DD（如 2020-01-14），"
        "实际为文本 “2025年1月20日” [TYPE]"),
    "empty-agency": (
        R(GOV2021, "agency: 示例局", "agency: ''"),
        "t.yaml:3:9: agency（机关名称）: 错误：不能为空，请填写内容 [VALUE]"),
    "fraction": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {licensing: 2.5}"),
        "t.yaml:6:32: active_disclosure.licensing（行政许可 · 本年处理决定数量）: 错误：应为整数（件数不能有小数），"
        "实际为 2.5 [VALUE]"),
    "negative": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: -1}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：应为 0 或正整数，实际为 -1 [VALUE]"),
    "huge": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: 99999999999}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：数值 99999999999 超出合理范围"
        "（不超过 10 亿），请检查是否多输了数字 [VALUE]"),
    "bool": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: yes}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：应为整数，实际为文本 “yes” [VALUE]"),
    "bool-true": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: true}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：应为整数，实际为布尔值 true [VALUE]"),
    "leading-zero": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure:\n  licensing: 012"),
        "t.yaml:7:14: active_disclosure.licensing（行政许可 · 本年处理决定数量）: 错误：“012” 请写成 12："
        "数字前面不加 0（有的程序会把它读成八进制数 10） [NUMBER-SPELLING]"),
    "quoted-leading-zero": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {licensing: '010'}"),
        "t.yaml:6:32: active_disclosure.licensing（行政许可 · 本年处理决定数量）: 错误：“010” 请写成 10："
        "数字前面不加 0（有的程序会把它读成八进制数 8） [NUMBER-SPELLING]"),
    "hex": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: 0x10}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：“0x10” 是十六进制写法："
        "请写成十进制数 16 [NUMBER-SPELLING]"),
    "binary": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: 0b101}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：“0b101” 是二进制写法："
        "请写成十进制数 5 [NUMBER-SPELLING]"),
    "sexagesimal": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: 1:30}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：“1:30” 不是一个数"
        "（有的程序会把它读成六十进制数 90）：件数和金额只写十进制数字，如 12 [NUMBER-SPELLING]"),
    "underscore": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: 1_000}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：“1_000” 请写成 1000："
        "数字中不加分隔符 [NUMBER-SPELLING]"),
    "exponent-money": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {fees: 1.5e2}"),
        "t.yaml:6:27: active_disclosure.fees（行政事业性收费 · 本年收费金额（单位：万元））: 错误：“1.5e2” 是科学计数法："
        "请写成 150 [NUMBER-SPELLING]"),
    "row-cell-octal": (
        R(GOV2021, ROW, "  received: [5, 07, 0, 0, 0, 0]"),
        "t.yaml:8:17: applications.received[1]（一、本年新收政府信息公开申请数量 · 商业企业）: 错误：“07” 请写成 7："
        "数字前面不加 0（有的程序会把它读成八进制数 7） [NUMBER-SPELLING]"),
    "year-hex": (
        R(GOV2021, "year: 2024", "year: 0x7E8"),
        "t.yaml:2:7: year（报告年度）: 错误：“0x7E8” 是十六进制写法：请写成十进制数 2024 [NUMBER-SPELLING]"),
    "published-far": (
        R(GOV2021, "published: 2025-01-20", "published: 2108-01-01"),
        "t.yaml:4:12: published（发布日期）: 错误：发布日期 2108年1月1日 不在合理范围内：2024 年度的报告应在 "
        "2024年1月1日 至 2026年12月31日 之间发布，请检查年份 [DATE-RANGE]"),
    "published-past": (
        R(GOV2021, "published: 2025-01-20", "published: 1925-01-20"),
        "t.yaml:4:12: published（发布日期）: 错误：发布日期 1925年1月20日 不在合理范围内：2024 年度的报告应在 "
        "2024年1月1日 至 2026年12月31日 之间发布，请检查年份 [DATE-RANGE]"),
    "long-paragraph": (
        R(GOV2021, "problems: 存在的问题。", "problems: " + "长" * 20_001),
        "t.yaml:16:11: problems（五、存在的主要问题及改进情况）: 错误：一段文字有 20001 个字符，超过上限 20000 个："
        "请用空行分成几段 [TEXT-TOO-LONG]"),
    "negative-money": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {fees: -3.5}"),
        "t.yaml:6:27: active_disclosure.fees（行政事业性收费 · 本年收费金额（单位：万元））: 错误：金额不能为负数，"
        "实际为 -3.5 [VALUE]"),
    "fullwidth-digit": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {penalty: '５'}"),
        "t.yaml:6:30: active_disclosure.penalty（行政处罚 · 本年处理决定数量）: 错误：“５” 请写成 5："
        "数字要用半角（英文）数字 [NUMBER-SPELLING]"),
    "row-length": (
        R(GOV2021, ROW, "  received: [5, 1, 0]"),
        "t.yaml:8:13: applications.received（一、本年新收政府信息公开申请数量）: 错误：应为 6 个数 [自然人, 商业企业, "
        "科研机构, 社会公益组织, 法律服务机构, 其他]，或 7 个数（最后一个为总计），实际为 3 个 [VALUE]"),
    "row-cell": (
        R(GOV2021, ROW, "  received: [5, x, 0, 0, 0, 0]"),
        "t.yaml:8:17: applications.received[1]（一、本年新收政府信息公开申请数量 · 商业企业）: 错误：应为整数，"
        "实际为文本 “x” [VALUE]"),
    "row-cell-with-unit": (
        R(GOV2021, ROW, "  received: [3件, 1, 0, 0, 0, 0]"),
        "t.yaml:8:14: applications.received[0]（一、本年新收政府信息公开申请数量 · 自然人）: 错误：应为整数，"
        "实际为文本 “3件”（只填数字，不带单位、逗号、空格或其他文字） [VALUE]"),
    "row-cell-blank": (
        R(GOV2021, ROW, "  received: ['', 1, 0, 0, 0, 0]"),
        "t.yaml:8:14: applications.received[0]（一、本年新收政府信息公开申请数量 · 自然人）: 错误：应为整数，"
        "实际为空白（没有发生的事项填 0） [VALUE]"),
    "money-with-other-text": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {fees: 约12.5万元}"),
        "t.yaml:6:27: active_disclosure.fees（行政事业性收费 · 本年收费金额（单位：万元））: 错误：应为金额数字（如 12.5），"
        "实际为文本 “约12.5万元”（只填数字，不带单位、逗号、空格或其他文字） [VALUE]"),
    "money-in-yuan-under-a-wan-header": (
        R(GOV2021, "active_disclosure: {}", "active_disclosure: {fees: 3940元}"),
        "t.yaml:6:27: active_disclosure.fees（行政事业性收费 · 本年收费金额（单位：万元））: 错误：表头单位为万元，"
        "这里写的是“3940元”：应填 0.394 [MONEY-UNIT]"),
    "legacy-money-in-yuan": (
        LEGACY + "statistics: {special_funds: 125000元}\n",
        "t.yaml:8:29: statistics.special_funds（（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费））: "
        "错误：表头单位为万元，这里写的是“125000元”：应填 12.5 [MONEY-UNIT]"),
    "amount-with-a-comma": (
        R(GOV2019, "active_disclosure: {}", "active_disclosure: {procurement: {amount: '251,000元'}}"),
        "t.yaml:6:43: active_disclosure.procurement.amount（政府集中采购 · 采购总金额）: 错误：应为金额数字，或数字紧跟单位“元”或“万元”"
        "（如 251000元，不加空格和逗号），实际为文本 “251,000元” [VALUE]"),
    "quoted-number": (
        R(GOV2021, ROW, "  received: ['5', 1, 0, 0, 0, 0]"),
        "t.yaml:8:14: applications.received[0]（一、本年新收政府信息公开申请数量 · 自然人）: 警告：数字加了引号（“5”），"
        "已按数字 5 处理；请去掉引号，写成 5 [NUMBER-TEXT]"),
    "T3-1": (
        R(GOV2021, "  carried_forward: [1, 0, 0, 0, 0, 0]", "  carried_forward: [2, 0, 0, 0, 0, 0]"),
        "t.yaml:14:21: applications.carried_forward[0]（四、结转下年度继续办理 · 自然人）: 错误：“自然人”一列不平衡："
        "第一项加第二项之和 5 + 1 = 6，第三项加第四项之和 5 + 2 = 7，两者应相等（相差 1） [T3-1]"),
    "T3-2": (
        R(GOV2021, "  carried_forward: [1, 0, 0, 0, 0, 0]",
          "    total: [5, 2, 0, 0, 0, 0]\n  carried_forward: [1, 0, 0, 0, 0, 0]"),
        "t.yaml:14:16: applications.results.total[1]（（七）总计 · 商业企业）: 错误：“商业企业”一列：（七）总计应等于"
        "（一）至（六）各项之和 1，填写的是 2 [T3-2]",
        # the typed total is what the table prints, so that column no longer balances either
        "t.yaml:15:24: applications.carried_forward[1]（四、结转下年度继续办理 · 商业企业）: 错误：“商业企业”一列不平衡："
        "第一项加第二项之和 1 + 0 = 1，第三项加第四项之和 2 + 0 = 2，两者应相等（相差 1） [T3-1]"),
    "T3-3-list": (
        R(GOV2021, ROW, "  received: [5, 1, 0, 0, 0, 0, 7]"),
        "t.yaml:8:32: applications.received[6]（一、本年新收政府信息公开申请数量 · 总计）: 错误：总计应等于六类申请人之和 "
        "5 + 1 + 0 + 0 + 0 + 0 = 6，填写的是 7 [T3-3]"),
    "T3-3-mapping": (
        R(GOV2021, ROW, "  received: {natural_person: 5, business: 1, total: 5}"),
        "t.yaml:8:53: applications.received.total（一、本年新收政府信息公开申请数量 · 总计）: 错误：总计应等于六类申请人之和 "
        "5 + 1 + 0 + 0 + 0 + 0 = 6，填写的是 5 [T3-3]"),
    "T4-1": (
        R(GOV2021, "reviews: {}", "reviews:\n  litigation_direct: {upheld: 1, pending: 1, total: 3}"),
        "t.yaml:16:53: reviews.litigation_direct.total（行政诉讼 未经复议直接起诉 · 总计）: 错误：总计应等于结果维持、"
        "结果纠正、其他结果、尚未审结之和 1 + 0 + 0 + 1 = 2，填写的是 3 [T4-1]"),
    "T2-1": (
        R(GOV2019, "active_disclosure: {}",
          "active_disclosure:\n  licensing: {previous_items: 2, change: -3, decisions: 0}"),
        "t.yaml:7:42: active_disclosure.licensing.change（行政许可 · 本年增/减）: 错误：本年增/减为 -3，"
        "而上一年项目数量只有 2，减少的数量不能超过上一年项目数量 [T2-1]"),
    "T2-2": (
        R(GOV2019, "active_disclosure: {}",
          "active_disclosure:\n  normative_documents: {made: 2, published: 2, total_public: 1}"),
        "t.yaml:7:62: active_disclosure.normative_documents.total_public（规范性文件 · 对外公开总数量）: 警告："
        "对外公开总数量 1 小于本年新公开数量 2，请核对 [T2-2]"),
    "P-1": (
        R(GOV2021, "active_disclosure: {}",
          "organ_kind: township\nactive_disclosure:\n  regulations: {in_force: 6}"),
        "t.yaml:8:16: active_disclosure.regulations（规章）: 警告：乡镇（街道）不能制定规章，规章各项应为 0；"
        "请核对是否误填了行政规范性文件 [P-1]"),
    "N-EMPTY": (
        R(GOV2021, "problems: 存在的问题。", "problems: '  '"),
        "t.yaml:16:11: problems（五、存在的主要问题及改进情况）: 错误：“五、存在的主要问题及改进情况”尚未填写："
        "请写出本部分的内容 [N-EMPTY]"),
    "N-NUMBER": (
        R(GOV2021, "overview: 主动公开、依申请公开、政府信息管理、平台建设和监督保障工作均按要求开展。",
          "overview:\n  sections:\n    - title: （一）主动公开\n      text: 依申请公开、信息管理、平台和监督工作正常，全年公开信息12条。"),
        "t.yaml:7:14: overview.sections[0].title（一、总体情况）: 警告：小标题不用写序号“（一）”，序号会自动生成；"
        "已按“主动公开”处理，避免序号重复 [N-NUMBER]"),
    "D-EARLY": (
        R(GOV2021, "published: 2025-01-20", "published: 2024-12-30"),
        "t.yaml:4:12: published（发布日期）: 错误：发布日期 2024年12月30日 不在报告年度 2024 年结束之后；"
        "年度报告应在 2025 年发布；若这是落款下的成文日期，请写成 signed，published 写网站发布的日期 [D-EARLY]"),
    "YAML-INDENT-parsed-as-key": (
        # Flush left and holding ": ", the line parses as a key: one finding, not KEY-UNKNOWN too.
        GOV2021.replace("problems: 存在的问题。\n", "problems: |\n  存在的问题。\n联系电话：1234, 网址: http://x\n"),
        "t.yaml:18:1: 错误：这一行比上一行缩进少，不再算作第 16 行“problems: |”下的文字，而被当成了新的一项："
        "这段文字的每一行都要缩进 2 个空格（与第 17 行对齐），这一行只缩进了 0 个；请在行首补足空格 [YAML-INDENT]"),
    "D-EARLY-signed": (
        R(GOV2021, "published: 2025-01-20", "published: 2024-12-31\nsigned: 2024-12-31"),
        "t.yaml:4:12: published（发布日期）: 错误：发布日期 2024年12月31日 不在报告年度 2024 年结束之后；"
        "年度报告应在 2025 年发布 [D-EARLY]"),
    "D-MISSING": (
        GOV2021.replace("published: 2025-01-20\n", ""),
        "t.yaml:1:1: published（发布日期）: 错误：没有填写发布日期：落款下要印日期，是否按期发布也按它核对；"
        "请写 published: YYYY-MM-DD（不晚于2025年1月31日）；成文日期与发布日期不同时，另写 signed: YYYY-MM-DD [D-MISSING]"),
    "D-MISSING-empty": (
        R(GOV2021, "published: 2025-01-20", "published:\norgan_kind: township"),
        "t.yaml:4:11: published（发布日期）: 错误：没有填写发布日期：落款下要印日期，是否按期发布也按它核对；"
        "请写 published: YYYY-MM-DD（不晚于2025年1月31日）；成文日期与发布日期不同时，另写 signed: YYYY-MM-DD [D-MISSING]"),
    "D-MISSING-legacy": (
        LEGACY.replace("published: 2019-01-15\n", ""),
        "t.yaml:1:1: published（发布日期）: 错误：没有填写发布日期：落款下要印日期，是否按期发布也按它核对；"
        "请写 published: YYYY-MM-DD（不晚于2019年3月31日）；成文日期与发布日期不同时，另写 signed: YYYY-MM-DD [D-MISSING]"),
    "signed-on-31-december": (
        R(GOV2021, "published: 2025-01-20", "published: 2025-01-20\nsigned: 2024-12-31"),),
    "D-SIGNED-EARLY-december": (
        R(GOV2021, "published: 2025-01-20", "published: 2025-01-20\nsigned: 2024-12-20"),
        "t.yaml:5:9: signed（成文日期）: 警告：成文日期 2024年12月20日 早于统计期结束的 2024年12月31日："
        "报告要统计到 2024 年 12 月 31 日，请核对成文日期 [D-SIGNED-EARLY]"),
    "D-SIGNED-EARLY-november": (
        R(GOV2021, "published: 2025-01-20", "published: 2025-01-20\nsigned: 2024-11-30"),
        "t.yaml:5:9: signed（成文日期）: 错误：成文日期 2024年11月30日 早于统计期结束的 2024年12月31日："
        "报告要统计到 2024 年 12 月 31 日，请核对成文日期 [D-SIGNED-EARLY]"),
    "D-SIGNED-AFTER": (
        R(GOV2021, "published: 2025-01-20", "published: 2025-01-20\nsigned: 2025-01-21"),
        "t.yaml:5:9: signed（成文日期）: 错误：成文日期 2025年1月21日 晚于发布日期 2025年1月20日："
        "报告先成文后发布，请核对这两个日期 [D-SIGNED-AFTER]"),
    "signed-far": (
        R(GOV2021, "published: 2025-01-20", "published: 2025-01-20\nsigned: 2205-01-20"),
        "t.yaml:5:9: signed（成文日期）: 错误：成文日期 2205年1月20日 不在合理范围内：2024 年度的报告应在 "
        "2024年1月1日 至 2026年12月31日 之间成文，请检查年份 [DATE-RANGE]"),
    "D-LATE": (
        R(GOV2021, "published: 2025-01-20", "published: 2025-02-10"),
        "t.yaml:4:12: published（发布日期）: 警告：发布日期 2025年2月10日 晚于法定期限 2025年1月31日（部门）；"
        "逾期发布会被考核扣分，请核对日期 [D-LATE]"),
    "F-YEAR": (
        R(GOV2021, "format: gov2021", "format: gov2019"),
        "t.yaml:1:9: format（格式）: 警告：2024 年的报告应使用 gov2021（国办公开办函〔2021〕30号），"
        "此处为 gov2019（国办公开办函〔2019〕60号）；若确需沿用旧格式请说明理由 [F-YEAR]"),
    "L-3": (
        LEGACY + "statistics:\n  staff: 3\n  staff_full_time: 1\n",
        "t.yaml:9:10: statistics.staff（（三）从事政府信息公开工作人员数）: 警告：应等于 1.专职人员数（不包括政府公报及"
        "政府网站工作人员数）、2.兼职人员数 之和 1，填写的是 3 [L-3]"),
    "legacy-empty": (
        LEGACY.replace("    text: 概述正文。\n", ""),
        "t.yaml:6:5: sections[0]（各部分）: 错误：“概述”尚未填写：请写出本部分的内容 [N-EMPTY]"),
    "narrative-type": (
        R(GOV2021, "problems: 存在的问题。", "problems: [a, b]"),
        "t.yaml:16:11: problems（五、存在的主要问题及改进情况）: 错误：应为文本，或含 intro/sections 的映射，"
        "实际为包含 2 项的列表 [TYPE]"),
    "format-name": (
        R(GOV2021, "format: gov2021", "format: gov2022"),
        "t.yaml:1:9: format（格式）: 错误：应为 gov2021 / gov2019 / legacy 之一，实际为文本 “gov2022”；"
        "是不是想写 gov2021？ [TYPE]"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_gives_its_message_verbatim(case: str) -> None:
    text, *expected = CASES[case]
    assert messages(text) == expected


@pytest.mark.parametrize("base", [GOV2021, GOV2019, LEGACY])
def test_the_bases_are_clean(base: str) -> None:
    assert messages(base) == []


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_samples_validate_clean(path: Path) -> None:
    result = check_file(path)
    assert [f.format() for f in result.findings] == []
    assert result.report is not None


def test_ten_mistakes_are_all_reported_at_their_lines() -> None:
    text = """\
    format: gov2021
    year: 2024
    agency: 示例局
    published: 2024-12-01
    organ_kind: goverment
    overview:
      sections:
        - title: （一）主动公开
          text: ''
    active_disclosure: {licensing: 2.5, penalty: '3'}
    applications:
      received: [5, 1, 0, 0, 0]
      carried_over: [1, 0, 0, 0, 0, 0]
      results:
        disclosed: [4, 1, 0, 0, 0, 0]
      carried_forward: [3, 0, 0, 0, 0, 0]
    reviews:
      reconsideration: {upheld: 1, totl: 1}
      litigation_direct: {upheld: 1, total: 2}
    problems: 问题。
    """
    found = [(f.line, f.rule) for f in check(text).findings]
    assert found == [
        (1, "KEY-MISSING"),   # other_matters
        (4, "D-EARLY"),
        (5, "TYPE"),          # organ_kind, with a "did you mean"
        (8, "N-NUMBER"),
        (9, "N-EMPTY"),
        (10, "VALUE"),        # 2.5
        (10, "NUMBER-TEXT"),  # '3'
        (12, "VALUE"),        # five numbers
        (18, "KEY-UNKNOWN"),  # totl
        (19, "T4-1"),
    ]


def test_a_broken_table_does_not_hide_other_tables_rules() -> None:
    text = R(GOV2021, ROW, "  received: [5, 1, 0]").replace(
        "reviews: {}", "reviews:\n  reconsideration: {upheld: 1, total: 2}")
    assert [f.rule for f in check(text).findings] == ["VALUE", "T4-1"]


def test_unreadable_file_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"year: [")
    result = check_file(path, "x.yaml")
    assert result.report is None and [f.rule for f in result.findings] == ["YAML-SYNTAX"]


def test_a_misspelt_key_does_not_hide_its_tables_arithmetic() -> None:
    text = R(R(GOV2021, "  carried_over: [1, 0, 0, 0, 0, 0]", "  carried_ovr: [1, 0, 0, 0, 0, 0]"),
             "  carried_forward: [1, 0, 0, 0, 0, 0]", "  carried_forward: [2, 0, 0, 0, 0, 0]")
    assert [(f.line, f.rule) for f in check(text).findings] == [(9, "KEY-UNKNOWN"), (14, "T3-1")]


def test_a_misspelt_required_key_is_one_finding_not_also_a_missing_one() -> None:
    result = check(R(GOV2021, "agency: 示例局", "agancy: 示例局"))
    assert [f.format() for f in result.findings] == [
        "t.yaml:3:1: agancy: 错误：未知的键 agancy：此处没有这一项；是不是想写 agency（即“机关名称”）？ [KEY-UNKNOWN]"]


def test_an_unknown_key_without_an_obvious_meaning_still_skips_its_table() -> None:
    text = R(GOV2021, "  carried_forward: [1, 0, 0, 0, 0, 0]",
             "  carried_forward: [2, 0, 0, 0, 0, 0]\n  zzz: [1, 0, 0, 0, 0, 0]")
    assert [f.rule for f in check(text).findings] == ["KEY-UNKNOWN"]


def test_unknown_keys_get_suggestions_up_to_a_cap() -> None:
    text = R(GOV2021, "reviews: {}", "reviews:\n" + "".join(f"  upheldd{i}: 1\n" for i in range(202)))
    found = [m for m in messages(text) if "KEY-UNKNOWN" in m]
    assert len(found) == 202
    assert found[0] == ("t.yaml:16:3: reviews.upheldd0（四、政府信息公开行政复议、行政诉讼情况）: 错误：未知的键 "
                        "upheldd0：“四、政府信息公开行政复议、行政诉讼情况”中没有这一项；此处可用的键："
                        "reconsideration、litigation_direct、litigation_after_reconsideration [KEY-UNKNOWN]")
    assert found[-1] == ("t.yaml:217:3: reviews.upheldd201（四、政府信息公开行政复议、行政诉讼情况）: 错误：未知的键 "
                         "upheldd201：“四、政府信息公开行政复议、行政诉讼情况”中没有这一项"
                         "（未知的键超过 200 个，不再逐一给出建议） [KEY-UNKNOWN]")


@pytest.mark.slow
def test_validation_time_is_linear_in_the_number_of_keys() -> None:
    import time

    def seconds(count: int) -> float:
        text = GOV2021 + "".join(f"zz{i}: 1\n" for i in range(count))
        start = time.perf_counter()
        assert len(check(text).findings) == count
        return time.perf_counter() - start

    small, large = seconds(5_000), seconds(50_000)
    assert large < 20 * small + 1  # quadratic would be 100×; 105 000 keys took 28 s before


def test_contact_numbers_without_quotes_are_their_text() -> None:
    result = check(GOV2021 + "contact: {postcode: 100010, phone: 0571-88888888, office: 012}\n")
    assert [f.format() for f in result.findings] == []
    assert result.report is not None and result.report.contact is not None
    assert (result.report.contact.postcode, result.report.contact.phone,
            result.report.contact.office) == ("100010", "0571-88888888", "012")
