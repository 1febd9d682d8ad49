// The admin's multi-choice lists (countries served, languages, services): keep the "Chosen"
// list in step with the checkboxes, remove a choice with its button, and filter a long list.
// Labels come from the page's own checkboxes and are written with textContent only.
class AtlasMultiChoiceController extends window.StimulusModule.Controller {
    static targets = ["chips", "options", "search", "searchLabel", "noMatch"];
    static values = { none: String, remove: String };

    connect() {
        if (this.hasSearchTarget) {
            this.searchTarget.hidden = false;
            this.searchLabelTarget.hidden = false;
        }
        this.update();
    }

    boxes() {
        return Array.from(this.optionsTarget.querySelectorAll("input[type=checkbox]"));
    }

    labelOf(box) {
        return box.closest("label") ? box.closest("label").textContent.trim() : box.value;
    }

    update() {
        const chips = this.chipsTarget;
        chips.replaceChildren();
        const chosen = this.boxes().filter((box) => box.checked);
        if (!chosen.length) {
            const none = document.createElement("li");
            none.className = "atlas-multichoice__none";
            none.textContent = this.noneValue;
            chips.append(none);
            return;
        }
        for (const box of chosen) {
            const item = document.createElement("li");
            const label = this.labelOf(box);
            const text = document.createElement("span");
            text.textContent = label;
            const button = document.createElement("button");
            button.type = "button";
            button.className = "atlas-multichoice__remove";
            button.setAttribute("aria-label", `${this.removeValue} ${label}`);
            button.textContent = "×";
            button.addEventListener("click", () => {
                box.checked = false;
                box.dispatchEvent(new Event("change", { bubbles: true }));
                const next = chips.querySelector("button");
                if (next) {
                    next.focus();
                } else if (this.hasSearchTarget) {
                    this.searchTarget.focus();
                }
            });
            item.append(text, button);
            chips.append(item);
        }
    }

    filter() {
        const query = this.normalise(this.searchTarget.value);
        let shown = 0;
        for (const box of this.boxes()) {
            const row = box.closest("div");
            const match = !query || this.normalise(this.labelOf(box)).includes(query);
            row.hidden = !match;
            shown += match ? 1 : 0;
        }
        this.noMatchTarget.hidden = shown > 0;
    }

    keepForm(event) {
        // Enter in the search box must not submit the whole page form.
        if (event.key === "Enter") {
            event.preventDefault();
            const first = this.boxes().find((box) => !box.closest("div").hidden);
            if (first) {
                first.focus();
            }
        }
    }

    normalise(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }
}

window.wagtail.app.register("atlas-multichoice", AtlasMultiChoiceController);
