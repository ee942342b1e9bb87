"""The JSON Schema as an editor uses it: yaml-language-server, driven over stdio like VS Code does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reportgen import pipeline, schemas
from reportgen.formats import FORMATS
from reportgen.schemas import combined

from .helpers import ROOT, SAMPLES

SERVER = ROOT / "tests" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
NODE = shutil.which("node")
# No schema store: the test machine has no network, and the schema is the one under test.
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True,
                     "schemaStore": {"enable": False}, "schemas": {}}}


class LanguageServer:
    """A minimal LSP client: JSON-RPC with Content-Length framing over the server's stdio."""

    def __init__(self, root: Path) -> None:
        assert NODE is not None
        self.process = subprocess.Popen([NODE, str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.last = 0
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"hover": {"contentFormat": ["plaintext"]}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while (line := self.process.stdout.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        assert length, "yaml-language-server stopped"
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        return message

    def wait(self, wanted: Any) -> dict[str, Any]:
        """Read until ``wanted(message)``, answering the server's own requests meanwhile."""
        while True:
            message = self._read()
            if "method" in message and "id" in message:
                items = message.get("params", {}).get("items", [])
                answer = ([SETTINGS["yaml"]] * len(items)
                          if message["method"] == "workspace/configuration" else None)
                self._send({"id": message["id"], "result": answer})
            elif wanted(message):
                return message

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.last += 1
        number = self.last
        self._send({"id": number, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == number and "method" not in m)["result"]

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def open(self, path: Path) -> list[tuple[int, str]]:
        """Open a document; return its diagnostics as (0-based line, message)."""
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8")}})
        published = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == uri)
        return sorted({(d["range"]["start"]["line"], d["message"])
                       for d in published["params"]["diagnostics"]})

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    if NODE is None or not SERVER.exists():
        pytest.skip("yaml-language-server is not installed (node and `bash scripts/test-deps.sh` "
                    "install it into tests/node)")
    folder = tmp_path_factory.mktemp("ylsp")
    (folder / "reportgen.schema.json").write_text(schemas.text(None), encoding="utf-8")
    client = LanguageServer(folder)
    yield client, folder
    client.close()


def _document(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text("# yaml-language-server: $schema=reportgen.schema.json\n" + text,
                    encoding="utf-8")
    return path


MISTAKES = """\
format: gov2021
year: 2024
agency: 示例局
published: 2025-01-20
overview: 文字
active_disclosure:
  licensing: -1
  licencing: 3

applications:
  received: [1, 2, 3, 4, 5]
  carried_over: [0, 0, 0, 0, 0, 0, 0, 0]
reviews: {}
problems: 文字
other_matters: 文字
"""


@pytest.mark.slow
def test_the_editor_flags_each_kind_of_mistake(server: Any) -> None:
    client, folder = server
    path = _document(folder, "mistakes.yaml", MISTAKES)
    assert client.open(path) == [
        (7, "Value is below the minimum of 0."),
        (8, "Property licencing is not allowed."),
        (11, "Array has too few items. Expected 6 or more."),
        (12, "Array has too many items according to schema. Expected 7 or fewer."),
        (12, "Array has too many items. Expected 7 or fewer."),
    ]
    typed = _document(folder, "types.yaml", MISTAKES.replace("licencing: 3", "penalty: 三件"))
    assert (8, 'Incorrect type. Expected "integer".') in client.open(typed)
    wrong = _document(folder, "format.yaml", MISTAKES.replace("gov2021", "gov2020"))
    assert (1, 'Value is not accepted. Valid values: "gov2021", "gov2019", "legacy".') in client.open(wrong)


@pytest.mark.slow
def test_hovers_and_completions_speak_the_official_labels(server: Any) -> None:
    client, folder = server
    path = _document(folder, "labels.yaml", MISTAKES.replace("licencing: 3\n\n", "licencing: 3\n  \n"))
    client.open(path)
    uri = path.as_uri()
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 7, "character": 4}})
    assert hover["contents"]["value"].startswith("#### 行政许可 · 本年处理决定数量\n\n行政许可：本年处理决定数量")
    listed = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": 9, "character": 2}})
    items = {item["label"]: item.get("documentation") for item in listed["items"]}
    assert items["fees"] == "行政事业性收费：本年收费金额（单位：万元）"
    assert items["regulations"] == "规章"


@pytest.mark.slow
@pytest.mark.parametrize("sample", ["2019.yaml", "2024.yaml", "seeds/manzhouli-2018.yaml", "seeds/anju-2018.yaml",
                                    "seeds/diqing-2018.yaml", "seeds/menghai-2018.yaml",
                                    "seeds/xiangqiao-2017.yaml"])
def test_no_false_alarms_on_any_format(server: Any, sample: str) -> None:
    client, folder = server
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    assert client.open(_document(folder, sample.replace("/", "-"), text)) == []


def test_one_schema_chooses_the_format_like_the_validator() -> None:
    schema = combined()
    assert schema["if"] == {"required": ["format"], "properties": {"format": {"const": "gov2021"}}}
    chain = schema["else"]["else"]["else"]
    assert chain["if"]["properties"]["year"] == {"type": "integer", "minimum": 2008, "maximum": 2018}
    assert chain["then"] == {"$ref": "#/definitions/legacy"}
    assert chain["else"]["then"] == {"$ref": "#/definitions/gov2019"}
    assert chain["else"]["else"] == {"$ref": "#/definitions/gov2021"}
    published = schema["definitions"]["gov2021"]["properties"]["published"]
    assert {"type": "string", "format": "date"} in published["anyOf"]


def test_the_unit_free_amount_takes_a_number_or_a_text_with_its_unit() -> None:
    amount = combined()["definitions"]["gov2019.Active_gov2019_procurement"]["properties"]["amount"]
    assert amount["anyOf"] == [{"type": "number", "minimum": 0},
                               {"type": "string", "pattern": "^([0-9]+(?:\\.[0-9]+)?)(元|万元)$"}]
    assert amount["description"] == ("采购总金额：填数字，或数字加单位（可带单位：元或万元），"
                                     "如 251000元、25.1万元，按所写印出")
    fees = combined()["definitions"]["gov2021.Active_gov2021"]["properties"]["fees"]
    assert fees["type"] == "number" and "anyOf" not in fees


@pytest.mark.slow
def test_the_editor_takes_an_amount_with_its_unit_and_flags_another_text(server: Any) -> None:
    client, folder = server
    text = (SAMPLES / "2019.yaml").read_text(encoding="utf-8")
    assert "amount: 3865200元}" in text
    wrong = _document(folder, "amount.yaml", text.replace("amount: 3865200元}", "amount: 约386万元}"))
    line = next(i for i, t in enumerate(text.split("\n"), 1) if "3865200元" in t)
    assert client.open(wrong) == [(line, 'Incorrect type. Expected "number".')]


@pytest.mark.parametrize("fmt_id", ["gov2021", "gov2019", "legacy"])
def test_the_dates_are_documented_and_published_is_required(fmt_id: str) -> None:
    definition = combined()["definitions"][fmt_id]
    assert "published" in definition["required"] and "signed" not in definition["required"]
    signed = definition["properties"]["signed"]
    assert signed["title"] == "成文日期"
    assert {"type": "string", "format": "date"} in signed["anyOf"]
    assert "2017-12-31 成文、2018-01-15 发布" in signed["description"]


def test_init_writes_the_modeline_and_the_schema_beside(tmp_path: Path) -> None:
    text, target = pipeline.init(2025, "示例县教育局", output=str(tmp_path / "2025.yaml"))
    assert "# yaml-language-server: $schema=reportgen.schema.json\n" in text
    assert target is not None
    assert json.loads((tmp_path / "reportgen.schema.json").read_text(encoding="utf-8")) == combined()


def test_former_names_are_in_the_schema_of_every_format() -> None:
    from reportgen.readers.yaml_reader import load_text
    from reportgen.validation import check_source

    from .helpers import GOV2021

    schema = combined()
    for format_id in ("gov2021", "gov2019", "legacy"):
        field = schema["definitions"][format_id]["properties"]["former_names"]
        assert field["title"] == "原机关名称" and field["type"] == "array"
        assert field["items"]["type"] == "string"
    text = GOV2021.replace("agency: 示例局\n", "agency: 示例局\nformer_names: [原示例局]\n")
    assert check_source(load_text(text, "t.yaml")).findings == []  # the validator takes it too
    wrong = check_source(load_text(text.replace("[原示例局]", "原示例局"), "t.yaml"))
    assert [f.format() for f in wrong.findings] == [
        "t.yaml:4:15: former_names（原机关名称）: 错误：应为列表（每项以“- ”开头），实际为文本 “原示例局” [TYPE]"]


def test_the_printing_keys_are_in_the_schema_with_chinese_titles() -> None:
    definitions = combined()["definitions"]
    fields = definitions["gov2019"]["properties"]
    assert fields["title_lines"]["title"] == "标题分行"
    assert fields["attachment_note"]["title"] == "附件说明"
    assert fields["attachments"]["items"] == {"$ref": "#/definitions/gov2019.TextAttachment"}
    assert definitions["gov2019.TextAttachment"]["required"] == ["title"]
    notes = definitions["gov2021.Notes_gov2021"]
    assert set(notes["properties"]) == {"active_disclosure", "applications", "reviews"}
    assert notes["additionalProperties"] is False
    assert set(definitions["legacy.Notes_legacy"]["properties"]) == {"statistics"}
    run_in = definitions["gov2021.NarrativeSection"]["properties"]["run_in"]
    assert (run_in["type"], run_in["title"]) == ("boolean", "小标题与正文同段")


def test_schema_offers_both_row_shapes_and_labels() -> None:
    text = schemas.text(FORMATS["gov2021"])
    document = json.loads(text)
    assert document["title"] == "政府信息公开工作年度报告输入文件（gov2021：国办公开办函〔2021〕30号）"
    assert "1.属于国家秘密" in text and "applications" in document["required"]
    row = document["definitions"]["Applications_gov2021_results_withheld"]["properties"]["state_secret"]
    assert row["title"] == "（三）不予公开 1.属于国家秘密"
    listed, mapping = row["anyOf"]
    assert mapping == {"$ref": "#/definitions/ApplicantRow"}
    assert (listed["minItems"], listed["maxItems"], listed["additionalItems"]) == (6, 7, False)
    assert listed["items"][0] == {"type": "integer", "minimum": 0,
                                  "title": "（三）不予公开 1.属于国家秘密 · 自然人"}
