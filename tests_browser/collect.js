// Collects every per-page fact the browser tests need, in one round trip (tests_browser/visit.py).
// Called as page.evaluate(<this file>, options) right after the page's load event.
async (opts) => {
  const withTimeout = (promise, ms, label) =>
    Promise.race([promise, new Promise((r) => setTimeout(() => r(label), ms))]);
  const out = {};
  const content =
    document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  const describe = (el) => {
    if (!el) return "";
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const cls = [...el.classList].slice(0, 3).join(".");
    if (cls) s += "." + cls;
    return s;
  };
  // nearest id'd ancestor (a section label): lets a writer find the spot in the source
  // shown to a reader: laid out, not visibility:hidden, not transparent, not collapsed to 0
  const shown = (el) =>
    el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true,
                         opacityProperty: true, visibilityProperty: true }) &&
    el.getBoundingClientRect().height > 0;
  const where = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      if (e.id && (e.tagName === "SECTION" || e.classList.contains("admonition"))) return "#" + e.id;
    }
    return "";
  };

  // -- MathJax: wait until it has typeset the page --------------------------------------------
  out.mathjaxLoaded = !!(window.MathJax && window.MathJax.startup);
  if (out.mathjaxLoaded && window.MathJax.startup.promise) {
    out.mathjaxWait = await withTimeout(
      window.MathJax.startup.promise.then(() => "ok", (e) => "error: " + e),
      opts.timeoutMs, "timeout");
  }

  // -- images: force lazy ones to load, then wait for every decode -----------------------------
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === "lazy") img.loading = "eager";
  const decoded = await Promise.all(imgs.map((img) =>
    withTimeout(img.decode().then(() => "ok", () => "failed"), opts.timeoutMs, "timeout")));
  out.images = imgs.map((img, i) => ({
    src: img.currentSrc || img.src || "",
    srcAttr: img.getAttribute("src"),
    alt: img.getAttribute("alt"),
    naturalWidth: img.naturalWidth,
    decode: decoded[i],
    inContent: content.contains(img),
    // images allowed to be decorative (alt=""): the first selector of opts.decorative that the
    // image sits in, and the text of that container, which must then name what the image shows
    decorative: (opts.decorative || []).find((sel) => img.closest(sel)) || null,
    containerText: (() => {
      const sel = (opts.decorative || []).find((s) => img.closest(s));
      return sel ? img.closest(sel).textContent.trim().replace(/\s+/g, " ").slice(0, 80) : "";
    })(),
    element: describe(img),
    parent: describe(img.parentElement),
    where: where(img),
  }));

  await withTimeout(document.fonts.ready, opts.timeoutMs, "timeout");

  // -- math -------------------------------------------------------------------------------------
  // Sphinx writes every formula as span.math / div.math holding \( \) or \[ \]; MathJax replaces
  // the delimited TeX with an mjx-container inside that element.
  const maths = [...document.querySelectorAll(".math")];
  out.mathCount = maths.length;
  out.mathContainers = document.querySelectorAll("mjx-container").length;
  out.mathUntypeset = maths
    .filter((m) => !m.querySelector("mjx-container"))
    .slice(0, 20)
    .map((m) => ({ tex: m.textContent.trim().slice(0, 100), where: where(m) }));
  // TeX errors are typeset as a red message, not as the formula
  out.mathErrors = [...document.querySelectorAll("mjx-merror")].slice(0, 20).map((e) => ({
    error: e.getAttribute("data-mjx-error") || e.textContent.slice(0, 100),
    where: where(e),
  }));

  // raw TeX left in the text: delimiters that MathJax did not consume, or $...\cmd...$ that no
  // extension turned into math (e.g. MyST dollar math in a gallery script's reST)
  const SKIP = "pre, code, script, style, textarea, kbd, samp, noscript, template, svg, " +
    "mjx-container, .highlight, .math";
  const raw = [];
  const rawRe = /\$\$|\\\[|\\\(|\\\]|\\\)|\$[^$\n]{0,80}\\[A-Za-z]+[^$\n]{0,80}\$|\\(?:frac|mathbf|nabla|sum|eta|beta|lambda|kappa|alpha|sqrt|left|right|cdot|le|ge|in)\b/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n && raw.length < 20; n = walker.nextNode()) {
    const parent = n.parentElement;
    // not rendered at all (display:none: print-only blocks, closed dialogs) is not visible text;
    // collapsed solutions are (visibility:hidden until opened) and are scanned
    if (!parent || parent.closest(SKIP) || !parent.checkVisibility()) continue;
    const m = rawRe.exec(n.data);
    if (m) {
      const i = m.index;
      raw.push({
        text: n.data.slice(Math.max(0, i - 40), i + 60).replace(/\s+/g, " "),
        element: describe(parent),
        where: where(parent),
      });
    }
  }
  out.rawTex = raw;

  // -- links and ids ----------------------------------------------------------------------------
  const seen = new Set();
  out.links = [];
  for (const a of document.querySelectorAll("a[href]")) {
    const key = a.href + "\u0000" + (a.hasAttribute("download") ? "d" : "");
    if (seen.has(key)) continue;
    seen.add(key);
    out.links.push({
      href: a.href,
      raw: a.getAttribute("href"),
      text: a.textContent.trim().replace(/\s+/g, " ").slice(0, 60),
      download: a.hasAttribute("download") || a.classList.contains("download"),
      inContent: content.contains(a),
    });
  }
  out.liveIds = [...document.querySelectorAll("[id]")].map((e) => e.id);

  // -- Hangul text nodes for the font check (CSS.getPlatformFontsForNode) ----------------------
  // One heading and one paragraph of the content (they may use different fonts); the element
  // gets data-b1-hangul so the test can find it through the DevTools protocol.
  const HANGUL = /[\uac00-\ud7a3]/g;
  out.hangul = [];
  const pick = (selector, tag) => {
    for (const el of content.querySelectorAll(selector)) {
      if (el.closest(SKIP) || !shown(el)) continue;
      let count = 0;
      let text = "";
      for (const child of el.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          count += (child.data.match(HANGUL) || []).length;
          text += child.data;
        }
      }
      if (count >= 2) {
        el.setAttribute("data-b1-hangul", tag);
        out.hangul.push({ tag, element: describe(el), hangulCount: count, text: text.trim().slice(0, 40) });
        return;
      }
    }
  };
  pick("h1, h2, h1 *, h2 *", "heading");
  pick("p, li, dd, td, p *, li *", "text");

  // -- exercise solutions (sphinx-exercise + sphinx-togglebutton) -----------------------------
  out.solutions = [...document.querySelectorAll(".solution")].map((s) => {
    const body = [...s.children].filter((c) => !c.classList.contains("admonition-title"));
    return {
      id: s.id,
      classes: [...s.classList].join(" "),
      hasTitle: !!s.querySelector(":scope > .admonition-title"),
      bodyElements: body.length,
      visibleBody: body.filter(shown).length,
    };
  });

  out.title = document.title;
  out.lang = document.documentElement.lang;
  return out;
}
