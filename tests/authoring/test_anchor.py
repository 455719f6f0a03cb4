"""Quote-first drafts: anchor and ``aigovernance anchor``."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag

from .command import run

TEXT = (
    "On 3 March the council met in Lusaka. Zambia chaired the meeting and Kenya spoke "
    "first. Zambia proposed a plan; Kenya supported the plan."
)


def draft() -> dict[str, Any]:
    """A draft whose evidence gives quotes only."""
    return {
        "id": "council",
        "title": "A council meeting",
        "version": "1",
        "sources": [{"type": "source", "id": "source:minutes", "title": "Minutes", "text": TEXT}],
        "records": [
            {
                "type": "state",
                "id": "state:ZMB",
                "name": "Zambia",
                "code": "ZMB",
                "evidence": [{"source": "source:minutes", "quote": "Zambia", "occurrence": 2}],
            },
            {
                "type": "state",
                "id": "state:KEN",
                "name": "Kenya",
                "code": "KEN",
                "evidence": [
                    {"source": "source:minutes", "quote": "Kenya", "prefix": "plan; "},
                    {"source": "source:minutes", "quote": "Kenya spoke first", "fields": ["name"]},
                ],
            },
            {
                "type": "event",
                "id": "event:council",
                "kind": "ministerial-meeting",
                "title": "Council meeting",
                "date": "2024-03-03",
                "participations": [
                    {
                        "actor": "state:ZMB",
                        "role": "chair",
                        "evidence": [{"source": "source:minutes", "quote": "Zambia chaired"}],
                    }
                ],
                "evidence": [
                    {"source": "source:minutes", "start": 0, "end": 12, "quote": "On 3 March t"},
                ],
            },
        ],
    }


YAML_DRAFT = f"""\
id: council
title: A council meeting
version: "1"
sources:
  - type: source
    id: source:minutes
    title: Minutes
    text: {json.dumps(TEXT)}
records:
  - type: state
    id: state:ZMB
    name: Zambia
    code: ZMB
    evidence:
      - {{source: "source:minutes", quote: Zambia, occurrence: 2}}
  - type: event
    id: event:council
    kind: ministerial-meeting
    title: Council meeting
    date: 2024-03-03
    evidence:
      - source: source:minutes
        quote: met in Lusaka
"""


def test_a_quotes_only_draft_anchors_into_a_sound_dataset() -> None:
    given = draft()
    before = copy.deepcopy(given)
    ds = ag.anchor(given)
    assert given == before  # the draft is not changed
    assert ag.validate(ds) == ()
    zambia = ds["state:ZMB"].evidence[0]
    assert zambia.start == TEXT.index("Zambia proposed")
    kenya, spoke = ds["state:KEN"].evidence
    assert kenya.start == TEXT.index("Kenya supported")
    assert kenya.prefix == "plan; "  # context given is kept
    assert kenya.suffix == TEXT[kenya.end :]
    assert spoke.fields == ("name",)
    assert spoke.start is not None
    assert spoke.prefix == TEXT[spoke.start - 32 : spoke.start]
    event = ds["event:council"]
    assert isinstance(event, ag.Event)
    assert event.participations[0].evidence[0].quote == "Zambia chaired"
    kept = event.evidence[0]
    assert (kept.start, kept.end, kept.prefix) == (0, 12, None)
    assert kept.suffix == TEXT[12:44]
    assert ds.schema_version == ag.SCHEMA_VERSION


def test_the_same_draft_gives_the_same_bytes(tmp_path: Path) -> None:
    texts = {ag.to_json(ag.anchor(draft())) for _ in range(3)}
    texts.add(ag.to_json(ag.anchor(json.dumps(draft()))))
    texts.add(ag.to_json(ag.anchor(json.dumps(draft()).encode())))
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft()), encoding="utf-8")
    texts.add(ag.to_json(ag.anchor(path)))
    texts.add(ag.to_json(ag.anchor(str(path))))
    assert len(texts) == 1


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_yaml_draft_anchors(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"draft{suffix}"
    path.write_text(YAML_DRAFT, encoding="utf-8")
    ds = ag.anchor(path)
    assert ag.validate(ds) == ()
    event = ds["event:council"]
    assert isinstance(event, ag.Event)
    assert str(event.date) == "2024-03-03"  # an unquoted YAML date is read as its text
    assert event.evidence[0].start == TEXT.index("met in Lusaka")


def test_a_yaml_draft_without_pyyaml_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(YAML_DRAFT, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(ImportError, match=r"pip install 'aigovernance\[yaml\]'"):
        ag.anchor(path)


def test_yaml_aliases_and_repeated_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(
        YAML_DRAFT.replace("title: A council meeting", "title: &t A council meeting")
        .replace("title: Council meeting", "title: *t")
        .replace('version: "1"', 'version: "1"\nversion: "2"'),
        encoding="utf-8",
    )
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(path)
    assert [p.path for p in caught.value.problems] == ["$.version", "$.records[1].title"]
    assert "given twice; first on line 3" in caught.value.problems[0].message
    assert "alias" in caught.value.problems[1].message


def test_malformed_yaml_is_one_problem_at_the_root(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(path)
    (problem,) = caught.value.problems
    assert problem.path == "$"
    assert problem.message.startswith("not YAML: ")
    assert "line 2" in problem.message


def test_ambiguous_and_missing_quotes_are_reported_at_their_paths() -> None:
    bad = draft()
    bad["records"][0]["evidence"][0].pop("occurrence")
    bad["records"][1]["evidence"][1]["quote"] = "Kenya spoke frist"
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(bad)
    problems = caught.value.problems
    assert [p.path for p in problems] == [
        "$.records[0].evidence[0].quote",
        "$.records[1].evidence[1].quote",
    ]
    ambiguous, missing = (p.message for p in problems)
    assert "occurs 2 times" in ambiguous
    assert f"{TEXT.index('Zambia')}:" in ambiguous
    assert f"{TEXT.index('Zambia proposed')}:" in ambiguous
    assert "occurrence" in ambiguous
    assert "is not in the text of source:minutes" in missing
    assert "Kenya spoke first" in missing
    assert "\n" not in ambiguous + missing  # one line each, as the command line prints them


def test_every_problem_of_a_draft_is_reported_at_once() -> None:
    bad = draft()
    bad["records"][0]["evidence"][0]["occurrence"] = 5
    bad["records"][1]["evidence"][0]["prefix"] = "no such context "
    bad["records"][1]["code"] = "KE"
    bad["records"][2]["participations"][0]["evidence"][0]["source"] = "source:elsewhere"
    bad["records"][2]["evidence"][0]["quote"] = "On 3 March x"
    bad["records"][2]["evidence"].append(
        {"source": "source:minutes", "quote": "met", "occurrence": 0}
    )
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(bad)
    found = {p.path: p.message for p in caught.value.problems}
    assert sorted(found) == sorted(
        [
            "$.records[0].evidence[0].quote",
            "$.records[1].evidence[0].quote",
            "$.records[1].code",
            "$.records[2].participations[0].evidence[0].source",
            "$.records[2].evidence[0].quote",
            "$.records[2].evidence[1].occurrence",
        ]
    )
    assert "no occurrence 5" in found["$.records[0].evidence[0].quote"]
    assert "nowhere with prefix 'no such context '" in found["$.records[1].evidence[0].quote"]
    assert (
        "not one of the draft's sources"
        in found["$.records[2].participations[0].evidence[0].source"]
    )
    assert (
        "is not the text at 0:12, which reads 'On 3 March t'"
        in found["$.records[2].evidence[0].quote"]
    )


def test_offsets_with_an_occurrence_are_refused() -> None:
    bad = draft()
    bad["records"][2]["evidence"][0]["occurrence"] = 1
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(bad)
    assert [p.path for p in caught.value.problems] == ["$.records[2].evidence[0].occurrence"]


def test_a_quote_of_a_source_without_text_is_reported() -> None:
    bad = draft()
    bad["sources"].append({"type": "source", "id": "source:web", "title": "Web page"})
    bad["records"][0]["evidence"].append({"source": "source:web", "quote": "Zambia"})
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(bad)
    (problem,) = caught.value.problems
    assert problem.path == "$.records[0].evidence[1].quote"
    assert "whose text the draft lacks" in problem.message


def test_a_source_text_may_be_a_file_beside_the_draft(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "minutes.txt").write_bytes(TEXT.encode("utf-8"))
    given = draft()
    del given["sources"][0]["text"]
    given["sources"][0]["text_file"] = "texts/minutes.txt"
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(given), encoding="utf-8")
    assert ag.anchor(path) == ag.anchor(draft())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../outside.txt", "is not in the draft's folder"),
        ("missing.txt", "cannot read 'missing.txt'"),
        ("latin1.txt", "is not UTF-8"),
    ],
)
def test_a_text_file_must_be_a_readable_utf8_file_inside_the_folder(
    tmp_path: Path, name: str, message: str
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(TEXT, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Vu\xe8i\xe6".encode("latin-1"))
    given = draft()
    del given["sources"][0]["text"]
    given["sources"][0]["text_file"] = name
    path = folder / "draft.json"
    path.write_text(json.dumps(given), encoding="utf-8")
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(path)
    assert caught.value.problems[0].path == "$.sources[0].text_file"
    assert message in caught.value.problems[0].message


def test_a_text_file_needs_a_draft_file() -> None:
    given = draft()
    given["sources"][0]["text_file"] = "minutes.txt"
    with pytest.raises(ag.ValidationError) as caught:
        ag.anchor(given)
    assert caught.value.problems[0].path == "$.sources[0].text_file"


def test_what_is_not_a_draft_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ag.ValidationError, match="a draft is an object"):
        ag.anchor(b"[1, 2]")
    with pytest.raises(ValueError, match="suffix must be"):
        ag.anchor(tmp_path / "draft.txt")
    with pytest.raises(ag.ValidationError, match="not JSON"):
        ag.anchor("{not json")


# --------------------------------------------------------------------------- command line


def test_the_anchor_command_writes_the_dataset(tmp_path: Path) -> None:
    (tmp_path / "draft.yaml").write_text(YAML_DRAFT, encoding="utf-8")
    done = run("anchor", "draft.yaml", "-o", "council.json", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    written = ag.read(tmp_path / "council.json", ag.Dataset)
    assert written == ag.anchor(tmp_path / "draft.yaml")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_anchor_command_prints_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    bad = draft()
    bad["records"][0]["evidence"][0].pop("occurrence")
    bad["records"][1]["evidence"][1]["quote"] = "Kenya spoke frist"
    (tmp_path / "draft.json").write_text(json.dumps(bad), encoding="utf-8")
    done = run("anchor", "draft.json", "-o", "out.json", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("draft.json: $.records[0].evidence[0].quote: 'Zambia' occurs 2")
    assert lines[1].startswith("draft.json: $.records[1].evidence[1].quote: 'Kenya spoke frist'")
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("anchor", "missing.json", "-o", "out.json"),
        ("anchor", "draft.txt", "-o", "out.json"),
        ("anchor", "draft.json", "-o", "out.csv"),
        ("anchor", "draft.json", "-o", "no/such/folder/out.json"),
        ("anchor", "draft.json"),
    ],
)
def test_the_anchor_command_exits_2_on_usage_errors(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "draft.json").write_text(json.dumps(draft()), encoding="utf-8")
    (tmp_path / "draft.txt").write_text("", encoding="utf-8")
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "aigovernance: error:" in done.stderr


def test_the_seed_written_as_quotes_anchors_back_into_the_seed() -> None:
    seed = ag.datasets.load()
    text = seed.of_type(ag.Source)[0].text
    assert isinstance(text, str)

    def quotes_only(value: Any) -> Any:
        if isinstance(value, dict):
            out = {key: quotes_only(item) for key, item in value.items()}
            if "quote" in out and out.get("source") == "source:seed":
                starts = [at for at in range(len(text)) if text.startswith(out["quote"], at)]
                out["occurrence"] = starts.index(out.pop("start")) + 1
                for key in ("end", "prefix", "suffix"):
                    out.pop(key, None)
            return out
        if isinstance(value, list):
            return [quotes_only(item) for item in value]
        return value

    draft = quotes_only(ag.to_dict(seed))
    assert '"start"' not in json.dumps(draft["records"])
    assert ag.to_json(ag.anchor(draft)) == ag.to_json(seed)
