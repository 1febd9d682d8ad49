// Click-to-load videos: the page shows a link and a button; only a click on the button inserts
// the provider's player, so reading a story contacts no video site.
(function () {
    "use strict";
    document.querySelectorAll(".video-facade[data-player]").forEach(function (facade) {
        var button = facade.querySelector(".video-facade__play");
        if (!button) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            var src = facade.getAttribute("data-player");
            if (!/^https:\/\//.test(src)) {
                return;
            }
            var frame = document.createElement("iframe");
            frame.src = src;
            frame.title = facade.getAttribute("data-title") || "";
            frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
            frame.setAttribute("allowfullscreen", "");
            frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
            frame.className = "video-facade__frame";
            facade.replaceChildren(frame);
            facade.classList.add("video-facade--playing");
            frame.focus();
        });
    });
})();
