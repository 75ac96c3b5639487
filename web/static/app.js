// GOV.UK Frontend's components (tabs, notification banners, the error summary, conditional
// reveals, the mobile menu) only behave once initialised.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Content htmx swaps in is new to GOV.UK Frontend: initialise the components inside it.
window.htmx?.onLoad((element) => {
  if (element !== document.body) initAll({ scope: element });
});

// Research sessions only: tell the session record that JavaScript ran on this page, and how
// the page was reached (the browser's back button shows up as "back_forward").
const researchBanner = document.querySelector("[data-research-page]");
if (researchBanner) {
  const sendResearchBeacon = (navigation) => {
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    fetch("/research/beacon", {
      method: "POST",
      headers,
      body: new URLSearchParams({ page: researchBanner.dataset.researchPage, navigation }),
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => {});
  };
  const [entry] = performance.getEntriesByType("navigation");
  sendResearchBeacon(entry ? entry.type : "navigate");
  // A page the browser restores from its back-forward cache runs no scripts again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) sendResearchBeacon("back_forward");
  });
}
