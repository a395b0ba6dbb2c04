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

// A comment's translation sits under the original; the link shows and hides it.
function showCommentTranslation(link, data) {
  const holder = link.parentElement;
  const out = document.createElement("p");
  out.className = "mt";
  out.dataset.testid = "comment-mt";
  if (data && typeof data.body === "string") {
    out.lang = link.dataset.target;
    const tag = document.createElement("span");
    tag.className = "mt-label";
    tag.textContent = `${link.dataset.labelMt} · ${data.model}: `;
    out.append(tag, document.createTextNode(data.body));
    link.textContent = link.dataset.labelHide;
    link.setAttribute("aria-pressed", "true");
  } else {
    out.classList.add("error");
    out.textContent = (data && data.error) || link.dataset.labelError;
    link.textContent = link.dataset.labelTranslate;
  }
  holder.querySelectorAll(".mt").forEach((old) => old.remove());
  holder.append(out);
}

function setupCommentTranslation() {
  const links = Array.from(document.querySelectorAll("a[data-comment]"));
  links.forEach((link) => {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const shown = link.parentElement.querySelector(".mt:not(.error)");
      if (shown) {
        shown.hidden = !shown.hidden;
        link.textContent = shown.hidden ? link.dataset.labelTranslate : link.dataset.labelHide;
        link.setAttribute("aria-pressed", shown.hidden ? "false" : "true");
        return;
      }
      link.textContent = link.dataset.labelLoading;
      try {
        const data = await fetchJson(`/api/v1/comments/${link.dataset.comment}/translation?target=${encodeURIComponent(link.dataset.target)}`);
        showCommentTranslation(link, data);
      } catch (e) {
        showCommentTranslation(link, { error: e.message });
      }
    });
  });
  // Readers who translate automatically get every comment not yet translated on the server,
  // a few dozen per request (one backend batch each).
  const section = document.getElementById("comments");
  if (!section || section.dataset.auto !== "true") return;
  const pending = links.filter((link) => !link.parentElement.querySelector(".mt"));
  const byId = new Map(pending.map((link) => [link.dataset.comment, link]));
  const autoLoad = async () => {
    for (let start = 0; start < pending.length; start += 50) {
      const chunk = pending.slice(start, start + 50);
      const query = chunk.map((link) => `ids=${encodeURIComponent(link.dataset.comment)}`).join("&");
      chunk.forEach((link) => { link.textContent = link.dataset.labelLoading; });
      try {
        const data = await fetchJson(`/api/v1/notes/${section.dataset.note}/comments/translation?target=${encodeURIComponent(section.dataset.target)}&${query}`);
        data.comments.forEach((item) => {
          const link = byId.get(String(item.id));
          if (link) showCommentTranslation(link, item);
        });
      } catch (e) {
        // Rate-limited or offline: leave the Translate links for the reader to use.
        chunk.forEach((link) => { link.textContent = link.dataset.labelTranslate; });
        return;
      }
      chunk.forEach((link) => {
        if (link.textContent === link.dataset.labelLoading) link.textContent = link.dataset.labelTranslate;
      });
    }
  };
  if (pending.length) autoLoad();
}

// Reading aids: a tap opens a word's pinyin and meaning (hover and keyboard focus do too,
// through CSS); a second tap, a tap elsewhere or Escape closes it.
function setupReadingAids() {
  const closeAll = (except) => {
    document.querySelectorAll(".word.open").forEach((word) => {
      if (word !== except) word.classList.remove("open");
    });
  };
  document.addEventListener("click", (event) => {
    const word = event.target.closest && event.target.closest(".word");
    closeAll(word);
    if (!word) return;
    if (word.classList.toggle("open")) return;
    word.blur();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    closeAll(null);
    if (document.activeElement && document.activeElement.classList.contains("word")) document.activeElement.blur();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupNoteTranslation();
  setupCommentTranslation();
  setupReadingAids();
});
