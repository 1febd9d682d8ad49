from directory.factories import OrganisationPageFactory


def test_directory_lists_a_new_organisation(client, site_tree):
    OrganisationPageFactory(
        parent=site_tree.directory, title="Coop Libre Lyon", location=(45.76, 4.83)
    )
    response = client.get("/en/directory/")
    assert response.status_code == 200
    assert "Coop Libre Lyon" in response.content.decode()
