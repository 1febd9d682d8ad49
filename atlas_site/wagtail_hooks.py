from wagtail import hooks


@hooks.register("before_serve_page")
def remember_the_page_for_the_page_cache(page, request, serve_args, serve_kwargs):
    """The page cache (atlas_site.page_cache) stores Wagtail pages only, tagged by their kind."""
    request._page_cache_page = page
