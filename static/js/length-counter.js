// A live "312 / 300" counter on text fields with a length limit, and a warning past it.
//
// The browser's own maxlength would cut a pasted text silently: it is lifted here (the public
// forms never send it: moderation.forms), and the server refuses a text over the limit with a
// field error instead. Used by the public forms and the admin's edit screen (a hook).
//
// The counter shows from the start on text areas and on limits of 100 to 300 characters (a
// summary, a name); on others (a 2,000-character message) from 80 % of the limit. Fields added
// later (an inline panel's new row) get theirs when they are first focused.

const messages = document.getElementById("length-counter-messages")?.dataset ?? {};
const SKIPPED_TYPES = new Set(["url", "email", "password", "number", "hidden"]);

function limitOf(field) {
    return Number(field.dataset.maxlength || field.getAttribute("maxlength") || 0);
}

function length(field) {
    // A text area's line breaks are sent as CR LF, and the server counts both.
    const value = field.tagName === "TEXTAREA" ? field.value.replace(/\r?\n/g, "\r\n") : field.value;
    return [...value].length;
}

function update(field) {
    const counter = document.getElementById(field.dataset.lengthCounter);
    if (!counter) {
        return;
    }
    const max = limitOf(field);
    const count = length(field);
    const always = field.tagName === "TEXTAREA" || (max >= 100 && max <= 300);
    counter.hidden = !always && count < 0.8 * max;
    counter.querySelector(".length-counter__count").textContent = `${count} / ${max}`;
    counter.classList.toggle("length-counter--over", count > max);
    const warning = counter.querySelector(".length-counter__warning");
    const text =
        count > max
            ? (messages.over || "")
                  .replace("{count}", String(count - max))
                  .replace("{max}", String(max))
            : "";
    if (warning.textContent !== text) {
        warning.textContent = text;
    }
}

function setUp(field) {
    if (field.dataset.lengthCounter || !limitOf(field) || SKIPPED_TYPES.has(field.type)) {
        return;
    }
    if (!field.id) {
        return;
    }
    field.dataset.maxlength = String(limitOf(field));
    field.removeAttribute("maxlength");
    const counter = document.createElement("p");
    counter.className = "length-counter";
    counter.id = `${field.id}-length-counter`;
    const count = document.createElement("span");
    count.className = "length-counter__count";
    const warning = document.createElement("span");
    warning.className = "length-counter__warning";
    // Announced when the text goes over the limit or back under it, not at every keystroke.
    warning.setAttribute("aria-live", "polite");
    counter.append(count, " ", warning);
    field.after(counter);
    field.dataset.lengthCounter = counter.id;
    const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    field.setAttribute("aria-describedby", [...described, counter.id].join(" "));
    update(field);
}

const SELECTOR = "input[maxlength], textarea[maxlength], input[data-maxlength], textarea[data-maxlength]";

for (const field of document.querySelectorAll(SELECTOR)) {
    setUp(field);
}
document.addEventListener("focusin", (event) => {
    if (event.target.matches?.(SELECTOR)) {
        setUp(event.target);
    }
});
document.addEventListener("input", (event) => {
    if (event.target.dataset?.lengthCounter) {
        update(event.target);
    }
});
