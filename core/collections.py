"""Top-level image and document collections, usable from data migrations (historical models
have no treebeard API, so the path is computed the way `add_child` would)."""

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STEPLEN = 4


def child_path(parent_path, children):
    """The next treebeard path under a parent (what `add_child` would compute)."""
    last = max((child.path for child in children), default=None)
    step = int(last[-_STEPLEN:], 36) + 1 if last else 1
    digits = ""
    while step:
        step, remainder = divmod(step, 36)
        digits = _ALPHABET[remainder] + digits
    return parent_path + digits.rjust(_STEPLEN, "0")


def top_level_collection(apps, name):
    """The collection called `name` directly under the root, created if missing."""
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return None
    existing = Collection.objects.filter(depth=2, path__startswith=root.path, name=name).first()
    if existing:
        return existing
    children = Collection.objects.filter(depth=2, path__startswith=root.path)
    collection = Collection.objects.create(
        name=name, path=child_path(root.path, children), depth=2, numchild=0
    )
    # A fresh count: `children` was evaluated (and cached) before the new collection existed.
    Collection.objects.filter(pk=root.pk).update(
        numchild=Collection.objects.filter(depth=2, path__startswith=root.path).count()
    )
    return collection
