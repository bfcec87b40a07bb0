// Progress of compliance packs being built: polls each pack's status and updates the
// page; when a pack finishes, the page reloads to show its download or its error.
// Without JavaScript the pages show the progress as it was when loaded, with a link to refresh.
const POLL_MS = 2000;

function watch(element) {
  const url = element.dataset.packStatusUrl;
  const bar = element.querySelector("[data-pack-progress]");
  const message = element.querySelector("[data-pack-message]");
  const state = element.querySelector("[data-pack-state]");
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const status = await response.json();
      if (status.finished) {
        window.location.reload();
        return;
      }
      if (bar) bar.value = status.progress;
      if (state) state.textContent = status.state_label;
      if (message) message.textContent = `${status.progress}%: ${status.message}`;
    } catch (error) {
      // A missed poll is retried on the next tick.
    }
    window.setTimeout(tick, POLL_MS);
  };
  window.setTimeout(tick, POLL_MS);
}

document.querySelectorAll("[data-pack-status-url]").forEach(watch);
