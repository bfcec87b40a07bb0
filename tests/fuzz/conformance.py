"""conforms(answer, path): whether a real answer of the test client (not a generated request's)
matches what the OpenAPI schema says of `path`'s GET, with schemathesis's own check. The fuzzing
asks for made-up references, mostly answered 404; this checks the 200 of a real record."""

import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import response_schema_conformance


def assert_conforms(answer, path: str, **path_parameters) -> None:
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    case = schema[path]["GET"].Case(path_parameters=path_parameters)
    request = requests.Request("GET", "http://testserver" + path.format(**path_parameters)).prepare()
    case.validate_response(Response(
        status_code=answer.status_code, headers={name: [value] for name, value in answer.headers.items()},
        content=answer.content, request=request, elapsed=0.0, verify=False), checks=[response_schema_conformance])
