import json
from importlib import resources

import jsonschema
from tests.factories import sample_extraction as build


def schema() -> dict:
    path = resources.files("dateline") / "schema" / "extraction.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_model_output_validates():
    jsonschema.validate(build().to_dict(include_sentences=True), schema())


def test_schema_rejects_unknown_event_type():
    data = build().to_dict()
    data["events"][0]["event"] = "PARTY"
    validator = jsonschema.Draft202012Validator(schema())
    assert any("PARTY" in e.message for e in validator.iter_errors(data))
