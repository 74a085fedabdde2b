// Horizontal overflow of the document at the current viewport (tests_browser/visit.py).
// Returns the document's scroll and client widths and, when the document scrolls sideways, the
// outermost elements that stick out of the viewport without sitting in a box that scrolls or
// clips them (those are what a writer has to fix).
() => {
  const doc = document.documentElement;
  const out = { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, culprits: [] };
  if (doc.scrollWidth <= doc.clientWidth + 1) return out;
  const limit = doc.clientWidth + 1;
  // in a box that scrolls or clips sideways, or in a fixed layer (an off-canvas drawer):
  // neither widens the document
  const boxed = (el) => {
    if (getComputedStyle(el).position === "fixed") return true;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      const ox = cs.overflowX;
      if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") return true;
      if (cs.position === "fixed") return true;
    }
    return false;
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const cls = [...el.classList].slice(0, 3).join(".");
    if (cls) s += "." + cls;
    return s;
  };
  const sticking = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right + window.scrollX <= limit) continue;
    if (!el.checkVisibility() || boxed(el)) continue;
    sticking.add(el);
  }
  for (const el of sticking) {
    // report the innermost ones: an element whose own child sticks out is only a container
    if ([...el.children].some((c) => sticking.has(c))) continue;
    let section = "";
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      if (e.id && e.tagName === "SECTION") { section = "#" + e.id; break; }
    }
    out.culprits.push({
      element: describe(el),
      right: Math.round(el.getBoundingClientRect().right + window.scrollX),
      text: (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60),
      where: section,
    });
    if (out.culprits.length >= 8) break;
  }
  return out;
}
