"""The read-only JSON API: filters, pagination, errors, CORS and the OpenAPI description."""

import pytest
from openapi_spec_validator import validate


def names(response):
    return [organisation["name"] for organisation in response.json()["results"]]


def test_api_lists_live_organisations_with_the_licence(client, atlas, add_org):
    add_org(title="Coop Libre", location=(45.76, 4.83), services=["hosting"], languages=["fr"])
    add_org(title="Draft Coop", publish=False)
    response = client.get("/api/v1/organisations")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["licence"] == "Open Database License (ODbL) 1.0"
    organisation = data["results"][0]
    assert organisation["name"] == "Coop Libre"
    assert organisation["latitude"] == 45.76
    assert organisation["services"] == ["hosting"]
    assert organisation["languages"] == ["fr"]
    assert organisation["supports_transition"] is True


def test_api_takes_the_directory_filters(client, atlas, add_org):
    add_org(title="Lyon Coop", country="FR", services=["hosting"])
    add_org(title="Berlin eG", country="DE", provides_tools=True, supports_transition=False)
    assert names(client.get("/api/v1/organisations?country=DE")) == ["Berlin eG"]
    assert names(client.get("/api/v1/organisations?service=hosting")) == ["Lyon Coop"]
    assert names(client.get("/api/v1/organisations?role=tools")) == ["Berlin eG"]
    assert names(client.get("/api/v1/organisations?country=FR&country=DE")) == [
        "Berlin eG",
        "Lyon Coop",
    ]
    assert names(client.get("/api/v1/organisations?q=Berlin")) == ["Berlin eG"]
    # Unknown values are ignored, as in the directory.
    assert len(names(client.get("/api/v1/organisations?sector=nope"))) == 2


def test_api_paginates_with_links(client, atlas, add_org):
    for n in range(5):
        add_org(title=f"Org {n}")
    first = client.get("/api/v1/organisations?page_size=2").json()
    assert first["count"] == 5 and first["num_pages"] == 3
    assert names_of(first) == ["Org 0", "Org 1"]
    assert first["previous"] is None
    assert first["next"].endswith("page_size=2&page=2")
    last = client.get("/api/v1/organisations?page_size=2&page=3").json()
    assert names_of(last) == ["Org 4"] and last["next"] is None


def names_of(data):
    return [organisation["name"] for organisation in data["results"]]


def test_api_rejects_bad_parameters_with_client_errors(client, atlas, add_org):
    add_org(title="Only")
    assert client.get("/api/v1/organisations?page=9").status_code == 404
    assert client.get("/api/v1/organisations?page=zero").status_code == 422
    assert client.get("/api/v1/organisations?page_size=1000").status_code == 422
    assert client.get("/api/v1/organisations?sort=random").status_code == 422


def test_api_returns_one_organisation_by_atlas_id(client, atlas, add_org):
    page = add_org(title="Coop Libre")
    response = client.get(f"/api/v1/organisations/{page.translation_key}")
    assert response.status_code == 200
    assert response.json()["name"] == "Coop Libre"
    assert client.get("/api/v1/organisations/not-a-uuid").status_code == 404
    assert (
        client.get("/api/v1/organisations/00000000-0000-0000-0000-000000000000").status_code == 404
    )


ORIGIN = "https://example.org"


def preflight(client, url, method):
    """What a browser asks before a cross-origin request that is not a simple GET."""
    return client.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": method})


def allowed_methods(response):
    return {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}


def test_api_is_open_to_any_origin_for_get(client, atlas):
    response = client.get("/api/v1/organisations", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response  # no cookies: nothing is personal
    answer = preflight(client, "/api/v1/organisations", "GET")
    assert answer.status_code in (200, 204)
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert allowed_methods(answer) == {"GET", "HEAD", "OPTIONS"}


def test_api_cannot_be_written_to_from_another_origin(client, atlas):
    answer = preflight(client, "/api/v1/organisations", "POST")
    assert "POST" not in allowed_methods(answer)  # the browser stops the POST here
    assert client.post("/api/v1/organisations", headers={"Origin": ORIGIN}).status_code == 405


def test_the_rest_of_the_site_is_not_opened_to_other_origins(client, atlas):
    response = client.get("/en/", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in preflight(client, "/en/add-organisation/", "POST")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/00000000-0000-0000-0000-000000000000",
        "/api/v1/organisations?page=9",
        "/api/v1/no-such-endpoint",
    ],
)
def test_an_api_not_found_is_a_404_not_a_redirect_to_a_language(client, atlas, url):
    response = client.get(url, headers={"Origin": ORIGIN})
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    if "organisations" in url:  # answered by the API itself, in JSON
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "detail" in response.json()


def test_api_query_count_does_not_grow_with_the_page(
    client, atlas, add_org, django_assert_max_num_queries
):
    for n in range(8):
        add_org(title=f"Org {n}", services=["hosting"], languages=["fr", "de"])
    with django_assert_max_num_queries(16):
        response = client.get("/api/v1/organisations?page_size=8&service=hosting")
    assert response.json()["count"] == 8


def test_openapi_description_is_valid(client, atlas):
    response = client.get("/api/v1/openapi.json", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert "/api/v1/organisations" in spec["paths"]
    parameters = {p["name"] for p in spec["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert {"q", "sector", "country", "form", "role", "service", "language", "page"} <= parameters
    assert response["Access-Control-Allow-Origin"] == "*"
