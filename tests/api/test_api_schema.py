"""Schemathesis generates requests from the OpenAPI schema: no answer may be a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from rasid.api.app import create_app
from rasid.api.keys import create_key
from rasid.store import Store

EXAMPLES_PER_OPERATION = 20
# A schema-valid value may still be refused by a rule the schema cannot state (a malformed
# cursor or bounding box is a 400), so "positive data acceptance" is not among the checks.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed(samples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, str]:
    """The app over a private copy of the samples store (posted documents go there), and a key."""
    path = tmp_path_factory.mktemp("fuzz") / "rasid.db"
    path.write_bytes(samples_db.read_bytes())
    with Store.open(str(path)) as store:
        token, _ = create_key(store, "schemathesis")
    return create_app(str(path)), token


def test_api_schema_no_server_errors(fuzzed: tuple[FastAPI, str]) -> None:
    app, token = fuzzed
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy(), with_key=st.booleans())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,  # the same examples every run: a failure here is reproducible
        )
        def check(case: schemathesis.Case, with_key: bool) -> None:
            headers = {"X-API-Key": token} if with_key else None
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text)
            # Status codes, content types and bodies must match what the schema declares.
            case.validate_response(response, checks=CHECKS)

        check()
