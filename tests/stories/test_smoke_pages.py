def test_home_story_index_and_feed_render(client, site_tree):
    assert client.get("/en/").status_code == 200
    assert client.get("/fr/").status_code == 200
    assert client.get("/en/stories/").status_code == 200
    assert client.get("/en/stories/feed/atom/").status_code == 200
    assert client.get("/fr/recits/feed/rss/").status_code == 200
