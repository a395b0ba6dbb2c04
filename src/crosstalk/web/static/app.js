// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});

// Machine translation of a note or a comment, fetched as JSON and inserted as plain text
// (translations are untrusted model output, so they never become HTML here).
async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

function setupNoteTranslation() {
  const button = document.getElementById("translate-note");
  const panel = document.getElementById("note-translation");
  const original = document.getElementById("note-original");
  if (!button || !panel || !original) return;
  const container = panel.parentElement;
  let loaded = !panel.hidden;
  const showTranslation = (on) => {
    panel.hidden = !on;
    container.classList.toggle("with-translation", on);
    button.textContent = on ? button.dataset.labelOriginal : button.dataset.labelTranslate;
    button.setAttribute("aria-pressed", on ? "true" : "false");
  };
  const load = async () => {
    button.textContent = button.dataset.labelLoading;
    const error = panel.querySelector('[data-field="error"]');
    try {
      const data = await fetchJson(`/api/v1/notes/${button.dataset.note}/translation?target=${encodeURIComponent(button.dataset.target)}`);
      panel.querySelector('[data-field="title"]').textContent = data.title;
      panel.querySelector('[data-field="body"]').textContent = data.body;
      panel.querySelector('[data-field="model"]').textContent = data.model;
      error.hidden = true;
      loaded = true;
    } catch (e) {
      error.hidden = false;
    }
    showTranslation(true);
  };
  button.addEventListener("click", (event) => {
    event.preventDefault();
    if (!panel.hidden) { showTranslation(false); return; }
    if (loaded) { showTranslation(true); return; }
    load();
  });
  panel.querySelector('[data-action="show-original"]').addEventListener("click", (event) => {
    event.preventDefault();
    showTranslation(false);
  });
  if (button.dataset.auto === "true" && !loaded) load();
}

function setupCommentTranslation() {
  document.querySelectorAll("a[data-comment]").forEach((link) => {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const holder = link.parentElement;
      if (holder.querySelector(".mt")) return;
      const label = link.textContent;
      link.textContent = link.dataset.labelLoading;
      const out = document.createElement("p");
      out.className = "mt";
      try {
        const data = await fetchJson(`/api/v1/comments/${link.dataset.comment}/translation?target=${encodeURIComponent(link.dataset.target)}`);
        const tag = document.createElement("span");
        tag.className = "mt-label";
        tag.textContent = `${link.dataset.labelMt} · ${data.model}: `;
        out.append(tag, document.createTextNode(data.body));
      } catch (e) {
        out.textContent = link.dataset.labelError;
      }
      link.textContent = label;
      holder.append(out);
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupNoteTranslation();
  setupCommentTranslation();
});
