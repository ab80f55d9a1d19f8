/* Papershelf: the cards' toggles (abstract, BibTeX and its copy button) on every list, and
   the browse view of the home page: facets, a text box, sorting, the state in the URL.
   Plain JavaScript, no framework; the pages are readable without it. */
(function () {
  "use strict";

  const siteRoot = (() => {
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.endsWith("/") ? base : base + "/", location.href).href;
  })();

  // With the script, a card's authors past the first few fold behind "+N more" (CSS).
  document.documentElement.classList.add("ps-script");
  document.addEventListener("click", (event) => {
    if (!event.target.matches(".ps-card__more")) return;
    const rest = event.target.previousElementSibling;
    rest.classList.add("ps-card__rest--open");
    // The button goes: the keyboard's place goes to the names it showed.
    rest.setAttribute("tabindex", "-1");
    if (event.target === document.activeElement) rest.focus();
    event.target.remove();
  });

  // ---- Cards: the abstract and the BibTeX entry come from paper.json beside the paper's
  // page (a few hundred bytes, not the page).

  const papersData = new Map();

  function paperData(page) {
    if (!papersData.has(page)) {
      papersData.set(page, fetch(page + "paper.json")
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status))));
    }
    return papersData.get(page);
  }

  // An abstract's paragraphs, as the paper's page shows them: text, or, for an abstract
  // with math, the build's HTML of each (its text escaped, its math MathML).
  function abstractBlock(text, html) {
    const paragraphs = html ? html.map((paragraph) => {
      const block = element("p", {});
      block.innerHTML = paragraph;
      return block;
    }) : text.split("\n\n").map((paragraph) => element("p", {}, paragraph));
    return element("div", { class: "ps-abstract" }, ...paragraphs);
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function bibtexBlock(entry) {
    const copy = element("button", { type: "button", class: "ps-copy" }, "Copy");
    copy.addEventListener("click", () => {
      navigator.clipboard.writeText(entry).then(() => {
        copy.textContent = "Copied";
        setTimeout(() => { copy.textContent = "Copy"; }, 2000);
      });
    });
    return element("div", { class: "ps-card__bibtex" }, element("pre", {}, element("code", {}, entry)), copy);
  }

  async function fillToggle(details) {
    const pane = details.querySelector(".ps-card__pane");
    try {
      const data = await paperData(pane.dataset.page);
      if (details.dataset.show === "abstract") {
        pane.replaceChildren(data.abstract ? abstractBlock(data.abstract, data.abstract_html)
          : element("p", {}, "This paper has no abstract on the list."));
      } else {
        pane.replaceChildren(bibtexBlock(data.bibtex));
      }
    } catch (error) {
      delete details.dataset.loaded;  // the link to the paper's page stays; another try later
    }
  }

  // A card's toggles: the abstract (when the paper has one) and the BibTeX entry, which
  // its pane fetches from the paper's page when first opened.
  function toggles(page, hasAbstract) {
    const toggle = (show, label, anchor) => element("details", { class: "ps-card__toggle", "data-show": show },
      element("summary", {}, label),
      element("div", { class: "ps-card__pane", "data-page": page }, element("a", { href: page + anchor }, "On the paper's page")));
    return [...(hasAbstract ? [toggle("abstract", "Abstract", "#abstract")] : []), toggle("bibtex", "BibTeX", "#cite")];
  }

  // ---- A list of one's own: "To read" and "Read" marks, kept in this browser only
  // (localStorage, under the site's address), by paper slug.

  const MARKS = [["toread", "To read"], ["read", "Read"]];
  const MARKS_KEY = new URL(siteRoot).pathname + ".papershelf.marks";

  function readMarks() {
    try {
      const marks = JSON.parse(localStorage.getItem(MARKS_KEY));
      return marks && typeof marks === "object" ? marks : {};
    } catch (error) {
      return {};
    }
  }

  function writeMarks(marks) {
    try {
      localStorage.setItem(MARKS_KEY, JSON.stringify(marks));
    } catch (error) { /* storage refused (private mode, full): the marks last this page */ }
  }

  const slugOf = (page) => new URL(page, location.href).pathname.replace(/\/$/, "").split("/").pop();

  function markButtons(slug) {
    const marks = readMarks();
    const box = element("span", { class: "ps-marks", "data-slug": slug });
    for (const [mark, label] of MARKS) {
      const button = element("button", { type: "button", class: "ps-mark", "data-mark": mark, "aria-pressed": String(marks[slug] === mark) }, label);
      button.addEventListener("click", () => {
        const now = readMarks();
        if (now[slug] === mark) delete now[slug];
        else now[slug] = mark;
        writeMarks(now);
        for (const other of document.querySelectorAll(`.ps-marks[data-slug="${CSS.escape(slug)}"] .ps-mark`)) {
          other.setAttribute("aria-pressed", String(now[slug] === other.dataset.mark));
        }
        document.dispatchEvent(new CustomEvent("ps-marks"));
      });
      box.append(button);
    }
    return box;
  }

  // Papers new since the reader's last visit to the browse view (see newSince) are those
  // added (or, without that date, dated) after the newest the visit before it saw.
  const VISIT_KEY = new URL(siteRoot).pathname + ".papershelf.visit";
  function lastVisit() {
    try {
      const visit = JSON.parse(localStorage.getItem(VISIT_KEY));
      return visit && typeof visit.seen === "string" && typeof visit.since === "string" ? visit : null;
    } catch (error) {
      return null;
    }
  }

  // The cards the pages hold come without toggles, marks or "New" badges: they are added here.
  const visit = lastVisit();
  document.querySelectorAll(".ps-card__actions").forEach((actions) => {
    const card = actions.parentElement;
    const title = card.querySelector(".ps-card__title");
    actions.append(...toggles(title.getAttribute("href"), actions.hasAttribute("data-abstract")),
      markButtons(slugOf(title.getAttribute("href"))));
    const time = card.querySelector(".ps-card__facts time");
    if (visit && time && (card.dataset.added || time.getAttribute("datetime")) > visit.since) {
      time.before(element("span", { class: "ps-new" }, "New"));
    }
  });
  const paperHead = document.querySelector(".ps-paper-head");
  if (paperHead) paperHead.append(element("p", { class: "ps-paper-marks" }, markButtons(slugOf(location.href))));

  // `toggle` does not bubble, but it passes the document on its way down.
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details.matches && details.matches(".ps-card__toggle") && details.open && !details.dataset.loaded) {
      details.dataset.loaded = "yes";
      fillToggle(details);
    }
  }, true);

  // ---- The browse view.

  const FACETS = [["mine", "My list"], ["tag", "Tags"], ["year", "Year published"], ["venue", "Venues"], ["author", "Authors"],
    ["org", "Organisations"], ["path", "Reading paths"]];
  const SORTS = [["date", "Newest first"], ["added", "Recently added"], ["title", "Title"],
    ["venue", "Venue"], ["cited", "Most cited"]];
  const SHOWN = 30;  // cards drawn at once; "Show more" draws the next ones
  const FACET_VALUES = 8;  // values a facet shows before "all"
  const FACET_VALUES_OPEN = 200;  // and after: more would take longer to draw than to type

  // Each facet's values are numbered (a paper holds numbers); the URL holds their names.
  function facetTables(data, papers) {
    // A paper's year is the year it was published: its venue's, else its date's (the card's
    // badge shows the venue, and with it the same year).
    const years = [...new Set(papers.map((paper) => String(paper.year)))].sort().reverse();
    const names = {
      mine: ["toread", "read", "none"],
      tag: data.tags.map(([slug]) => slug), year: years, venue: data.series, author: data.authors,
      org: data.organizations, path: data.paths.map(([slug]) => slug),
    };
    const labels = { ...names, tag: data.tags.map(([, name]) => name), mine: ["To read", "Read", "Not marked"],
      path: data.paths.map(([, title]) => title) };
    const numbers = Object.fromEntries(Object.entries(names).map(([facet, values]) =>
      [facet, new Map(values.map((value, number) => [value, number]))]));
    return { names, labels, numbers };
  }

  // Text as the filter compares it: lower case, without accents (ł and ø too), its words
  // apart and each led by a space, so that " yi" is found at the start of a word only.
  const LETTERS = { ł: "l", ø: "o", đ: "d", ß: "ss", æ: "ae", œ: "oe", ı: "i", þ: "th" };
  function folded(text) {
    const words = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[łøđßæœıþ]/g, (letter) => LETTERS[letter]).split(/[^\p{L}\p{N}]+/u);
    return words.filter(Boolean).map((word) => " " + word).join("");
  }

  function load(data) {
    const at = Object.fromEntries(data.fields.map((name, position) => [name, position]));
    const papers = data.papers.map((row) => Object.fromEntries(data.fields.map((name) => [name, row[at[name]]])));
    const tables = facetTables(data, papers);
    for (const paper of papers) {
      paper.authorNames = paper.authors.map((number) => data.authors[number]);
      paper.venueName = paper.venue >= 0 ? data.venues[paper.venue] : "";
      paper.values = {
        mine: [2],  // see markedAs
        tag: paper.tags,
        year: [tables.numbers.year.get(String(paper.year))],
        venue: paper.series >= 0 ? [paper.series] : [],
        author: [...new Set(paper.authors)],
        org: paper.organization >= 0 ? [paper.organization] : [],
        path: paper.paths,
      };
      paper.text = folded([paper.title, paper.venueName, ...paper.authorNames].join(" "));
    }
    return { papers, tables };
  }

  // The browse view keeps the visit: the newest paper it saw, and the newest the visit
  // before saw. The first visit marks nothing; a reload keeps what the last visit marked,
  // until the list has newer papers again.
  function newSince(papers) {
    const newest = papers.reduce((most, paper) => ((paper.added || paper.date) > most ? paper.added || paper.date : most), "");
    let visit = lastVisit();
    if (!visit) visit = { seen: newest, since: newest };
    else if (newest > visit.seen) visit = { seen: newest, since: visit.seen };
    try { localStorage.setItem(VISIT_KEY, JSON.stringify(visit)); } catch (error) { /* as marks */ }
    return new Set(papers.filter((paper) => (paper.added || paper.date) > visit.since).map((paper) => paper.slug));
  }

  // Each paper's place in the My list facet, from the marks; a removed paper's mark goes.
  function markedAs(papers) {
    const marks = readMarks();
    const listed = new Set(papers.map((paper) => paper.slug));
    const kept = Object.fromEntries(Object.entries(marks).filter(([slug]) => listed.has(slug)));
    if (Object.keys(kept).length !== Object.keys(marks).length) writeMarks(kept);
    for (const paper of papers) paper.values.mine = [kept[paper.slug] === "toread" ? 0 : kept[paper.slug] === "read" ? 1 : 2];
  }

  function readState() {
    const params = new URLSearchParams(location.search);
    const filters = Object.fromEntries(FACETS.map(([facet]) => [facet, new Set(params.getAll(facet))]));
    const sort = SORTS.some(([name]) => name === params.get("sort")) ? params.get("sort") : "date";
    const view = params.get("view") === "abstracts" ? "abstracts" : "cards";
    return { filters, sort, view, query: params.get("q") || "", shown: SHOWN };
  }

  function stateUrl(state) {
    const params = new URLSearchParams();
    if (state.query) params.set("q", state.query);
    for (const [facet] of FACETS) for (const value of state.filters[facet]) params.append(facet, value);
    if (state.sort !== "date") params.set("sort", state.sort);
    if (state.view !== "cards") params.set("view", state.view);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // The papers shown, in the order asked for, and each facet value's count among the papers
  // that pass every other filter: several values of one facet are OR, facets are AND.
  // Values are numbers here, counted in typed arrays: ten thousand papers take milliseconds.
  function select(ordered, state, tables) {
    const words = folded(state.query).split(" ").filter(Boolean).map((word) => " " + word);
    const facets = FACETS.map(([facet]) => facet);
    const wanted = {};
    for (const facet of facets) {
      if (!state.filters[facet].size) continue;
      wanted[facet] = new Uint8Array(tables.names[facet].length);
      for (const value of state.filters[facet]) {
        const number = tables.numbers[facet].get(value);
        if (number !== undefined) wanted[facet][number] = 1;
      }
    }
    const active = facets.filter((facet) => wanted[facet]);
    const counts = Object.fromEntries(facets.map((facet) => [facet, new Int32Array(tables.names[facet].length)]));
    const shown = [];
    for (const paper of ordered) {
      if (words.length && !words.every((word) => paper.text.includes(word))) continue;
      let failed = null;
      let failures = 0;
      for (const facet of active) {
        if (!paper.values[facet].some((number) => wanted[facet][number])) {
          failed = facet;
          failures += 1;
        }
      }
      if (failures > 1) continue;
      for (const facet of failures ? [failed] : facets) {
        const count = counts[facet];
        for (const number of paper.values[facet]) count[number] += 1;
      }
      if (failures === 0) shown.push(paper);
    }
    return { shown, counts };
  }

  function card(paper, data, root, fresh) {
    const page = root + data.urls.paper.replace("{slug}", paper.slug);
    const shown = paper.authorNames.slice(0, data.authors_shown);
    const more = paper.authorNames.slice(data.authors_shown);
    const names = [];
    shown.forEach((name, position) => names.push(...(position ? [", "] : []), element("bdi", {}, name)));
    if (more.length) {
      const rest = [];
      more.forEach((name) => rest.push(", ", element("bdi", {}, name)));
      names.push(element("span", { class: "ps-card__rest" }, ...rest), " ",
        element("button", { class: "ps-card__more", type: "button" }, `+${more.length} more`));
    }
    const facts = [element("time", { datetime: paper.date }, humanDate(paper.date))];
    if (paper.cited >= 0) {
      facts.push(" ", element("span", { class: "ps-cited", title: `counted ${data.counted}` },
        `${paper.cited} ${paper.cited === 1 ? "citation" : "citations"}`));
    }
    if (fresh.has(paper.slug)) facts.unshift(element("span", { class: "ps-new" }, "New"));
    if (paper.venueName) facts.unshift(element("span", { class: "ps-badge" }, paper.venueName));
    const tags = paper.tags.map((number) => data.tags[number])
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([slug, name]) => element("a", { class: "ps-tag", href: root + data.urls.tag.replace("{slug}", slug) }, name));
    const links = [["arXiv", paper.links.arxiv && `https://arxiv.org/abs/${paper.links.arxiv}`],
      ["PDF", paper.links.pdf || (paper.links.arxiv && `https://arxiv.org/pdf/${paper.links.arxiv}`)],
      ["Code", paper.links.code], ["Project", paper.links.project]]
      .filter(([, url]) => url)
      .map(([label, url]) => element("a", { class: "ps-card__link", href: url }, label));
    const title = element("a", { class: "ps-card__title", href: page }, paper.title);
    // A title with math comes as HTML too: the build's MathML, every text in it escaped.
    if (paper.math) title.innerHTML = paper.math;
    return element("li", { class: "ps-card" },
      title,
      element("p", { class: "ps-card__authors" }, ...names),
      element("p", { class: "ps-card__facts" }, ...facts),
      ...(tags.length ? [element("p", { class: "ps-card__tags" }, ...tags)] : []),
      element("div", { class: "ps-card__actions" }, ...links, ...toggles(page, paper.abstract), markButtons(paper.slug)));
  }

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function humanDate(date) {
    const [year, month, day] = date.split("-").map(Number);
    return [day || "", month ? MONTHS[month - 1] : "", year].filter(Boolean).join(" ");
  }

  function facetList(facet, title, counts, state, tables, opened) {
    const names = tables.names[facet];
    const labels = tables.labels[facet];
    const values = [];
    counts.forEach((count, number) => { if (count) values.push([number, count]); });
    // Years newest first, My list in its own order; other values by count, then in the
    // order of the file's table.
    values.sort(facet === "year" || facet === "mine" ? (a, b) => a[0] - b[0] : (a, b) => b[1] - a[1] || a[0] - b[0]);
    const limit = opened.has(facet) ? FACET_VALUES_OPEN : FACET_VALUES;
    const rows = values.slice(0, limit).map(([number, count]) => [names[number], labels[number], count]);
    for (const value of state.filters[facet]) {
      if (!rows.some(([name]) => name === value)) {
        const number = tables.numbers[facet].get(value);
        rows.push([value, number === undefined ? value : labels[number], number === undefined ? 0 : counts[number]]);
      }
    }
    const box = element("fieldset", { class: "ps-facet", "data-facet": facet }, element("legend", {}, title));
    for (const [value, label, count] of rows) {
      const input = element("input", { type: "checkbox", value });
      input.checked = state.filters[facet].has(value);
      box.append(element("label", { class: "ps-facet__value" }, input, " ", element("bdi", {}, label), " ",
        element("span", { class: "ps-count" }, String(count))));
    }
    if (values.length > limit) {
      const all = element("button", { type: "button", class: "ps-facet__all", "data-facet": facet },
        opened.has(facet) ? `${values.length - limit} more: use the text box` : `All ${values.length}`);
      all.disabled = opened.has(facet);
      box.append(all);
    }
    return box;
  }

  async function browse(root) {
    const base = root.dataset.root;
    const data = await fetch(root.dataset.src).then((response) => response.json());
    const { papers, tables } = load(data);
    markedAs(papers);
    const fresh = newSince(papers);
    // The list comes newest first; the other orders come as positions, made at build time.
    const orders = Object.fromEntries(Object.entries(data.orders).map(([sort, positions]) =>
      [sort, positions.map((position) => papers[position])]));
    const ordered = (sort) => orders[sort] || papers;
    const opened = new Set();
    let state = readState();

    const search = element("input", { type: "search", class: "ps-browse__search", placeholder: "Filter by title, author or venue", "aria-label": "Filter by title, author or venue" });
    const sort = element("select", { class: "ps-browse__sort", "aria-label": "Sort" },
      ...SORTS.filter(([value]) => value === "date" || orders[value])
        .map(([value, label]) => element("option", { value }, label)));
    const summary = element("p", { class: "ps-browse__summary", role: "status" });
    // With abstracts: each card shows the start of its abstract, read from its paper.json
    // once the card comes into view.
    const withAbstracts = element("button", { type: "button", class: "ps-browse__view-abstracts", "aria-pressed": "false" }, "Abstracts");
    const ABSTRACT_START = 320;  // characters of an abstract a card shows
    const abstractsInView = new IntersectionObserver((entries) => {
      for (const entry of entries.filter((item) => item.isIntersecting)) {
        abstractsInView.unobserve(entry.target);
        const card = entry.target;
        paperData(card.querySelector(".ps-card__title").getAttribute("href")).then((data) => {
          if (!data.abstract || card.querySelector(".ps-card__abstract")) return;
          const text = data.abstract.replace(/\s+/g, " ");
          const start = text.length <= ABSTRACT_START ? text : text.slice(0, text.lastIndexOf(" ", ABSTRACT_START)) + " …";
          card.querySelector(".ps-card__facts").after(element("p", { class: "ps-card__abstract" }, start));
        }, () => abstractsInView.observe(card));  // another try when it comes into view again
      }
    }, { rootMargin: "200px" });
    const download = element("button", { type: "button", class: "ps-browse__download" }, "Download BibTeX");
    const clear = element("button", { type: "button", class: "ps-browse__clear" }, "Clear filters");
    const empty = element("div", { class: "ps-browse__empty" });
    const facets = element("div", { class: "ps-browse__facets" });
    // On a phone the filters would fill the first screen: they start folded there.
    // There, once chosen, "Show N papers" folds them and brings the first result into view.
    const apply = element("button", { type: "button", class: "ps-browse__apply md-button md-button--primary" });
    const filters = element("details", { class: "ps-browse__filters" }, element("summary", {}, "Filters"), facets, apply);
    filters.open = !window.matchMedia("(max-width: 44.9375em)").matches;
    const list = element("ol", { class: "ps-cards" });
    const more = element("button", { type: "button", class: "ps-browse__show-more" });
    const view = element("div", { class: "ps-browse__view" },
      element("div", { class: "ps-browse__bar" }, search, sort, withAbstracts),
      element("div", { class: "ps-browse__body" }, filters,
        element("div", { class: "ps-browse__results" }, element("div", { class: "ps-browse__tools" }, summary, clear, download), empty, list, more)));
    root.querySelector(".ps-browse__static").replaceWith(view);

    // The filters in force, in the address's order: [facet, value, what the reader reads].
    function inForce() {
      const found = state.query ? [["q", state.query, `“${state.query}”`]] : [];
      for (const [facet, title] of FACETS) {
        for (const value of state.filters[facet]) {
          const number = tables.numbers[facet].get(value);
          found.push([facet, value, `${title}: ${number === undefined ? value : tables.labels[facet][number]}`]);
        }
      }
      return found;
    }

    function drop([facet, value]) {
      if (facet === "q") state.query = "";
      else state.filters[facet].delete(value);
    }

    // No paper left: which filters say so, and a way to drop the last one chosen.
    function emptyState(filters) {
      const last = filters.find(([facet, value]) => state.recent && facet === state.recent[0]
        && (facet === "q" || value === state.recent[1])) || filters[filters.length - 1];
      if (!last) return [element("p", {}, "No papers on the list yet.")];
      const undo = element("button", { type: "button", class: "md-button" }, `Remove ${last[2]}`);
      undo.addEventListener("click", () => { change(() => drop(last), true); search.focus(); });
      return [element("p", {}, `No paper matches ${filters.map(([, , label]) => label).join(" and ")}.`), undo];
    }

    // The control the keyboard was on, found again in the facets drawn anew.
    function focused() {
      const here = document.activeElement;
      if (!here || !facets.contains(here) || !here.closest(".ps-facet")) return null;
      const facet = here.closest(".ps-facet").dataset.facet;
      return here.matches("input") ? { facet, value: here.value } : { facet };
    }

    function refocus(place) {
      const box = place && facets.querySelector(`.ps-facet[data-facet="${place.facet}"]`);
      if (!box) return;
      const inputs = [...box.querySelectorAll("input")];
      // "All N" is gone once pressed: the keyboard goes on at the first value it showed.
      const target = place.value === undefined ? inputs[FACET_VALUES] || inputs[0]
        : inputs.find((input) => input.value === place.value);
      if (target) target.focus();
    }

    let selected;
    function render() {
      selected = select(ordered(state.sort), state, tables);
      search.value = state.query;
      sort.value = state.sort;
      const place = focused();
      facets.replaceChildren(...FACETS.map(([facet, title]) => facetList(facet, title, selected.counts[facet], state, tables, opened))
        .filter((box) => box.querySelector("input")));
      refocus(place);
      const filters = inForce();
      clear.hidden = filters.length === 0;
      empty.hidden = selected.shown.length > 0;
      empty.replaceChildren(...(empty.hidden ? [] : emptyState(filters)));
      list.replaceChildren(...selected.shown.slice(0, state.shown).map((paper) => card(paper, data, base, fresh)));
      withAbstracts.setAttribute("aria-pressed", String(state.view === "abstracts"));
      abstractsInView.disconnect();
      if (state.view === "abstracts") list.querySelectorAll(".ps-card").forEach((item) => abstractsInView.observe(item));
      const count = selected.shown.length;
      summary.textContent = `${count} ${count === 1 ? "paper" : "papers"}`;
      download.textContent = `Download BibTeX (${count})`;
      apply.textContent = `Show ${count} ${count === 1 ? "paper" : "papers"}`;
      download.disabled = count === 0;
      more.hidden = count <= state.shown;
      more.textContent = `Show ${Math.min(SHOWN, count - state.shown)} more`;
    }

    function change(update, push) {
      update();
      state.shown = SHOWN;
      history[push ? "pushState" : "replaceState"](null, "", stateUrl(state));
      render();
    }

    facets.addEventListener("click", (event) => {
      if (!event.target.matches(".ps-facet__all")) return;
      opened.add(event.target.dataset.facet);
      render();
    });
    facets.addEventListener("change", (event) => {
      const facet = event.target.closest(".ps-facet").dataset.facet;
      const values = state.filters[facet];
      change(() => {
        if (event.target.checked) values.add(event.target.value);
        else values.delete(event.target.value);
        state.recent = [facet, event.target.value];
      }, true);
    });
    search.addEventListener("input", () => change(() => { state.query = search.value; state.recent = ["q"]; }, false));
    apply.addEventListener("click", () => {
      filters.open = false;
      filters.querySelector("summary").focus();
      view.querySelector(".ps-browse__tools").scrollIntoView({ block: "start" });
    });
    clear.addEventListener("click", () => {
      change(() => { for (const [facet, value] of inForce()) drop([facet, value]); }, true);
      search.focus();
    });
    sort.addEventListener("change", () => change(() => { state.sort = sort.value; }, true));
    withAbstracts.addEventListener("click", () => change(() => {
      state.view = state.view === "abstracts" ? "cards" : "abstracts";
    }, true));
    more.addEventListener("click", () => {
      state.shown += SHOWN;
      const added = selected.shown.slice(state.shown - SHOWN, state.shown).map((paper) => card(paper, data, base, fresh));
      list.append(...added);
      if (state.view === "abstracts") added.forEach((item) => abstractsInView.observe(item));
      more.hidden = selected.shown.length <= state.shown;
    });
    download.addEventListener("click", async () => {
      const text = await fetch(base + data.urls.bibtex).then((response) => response.text());
      const keys = new Set(selected.shown.map((paper) => paper.key));
      const entries = text.split(/\n(?=@)/).map((entry) => entry.trim())
        .filter((entry) => keys.has(entry.slice(entry.indexOf("{") + 1, entry.indexOf(","))));
      const bibtex = new Blob([entries.join("\n\n") + "\n"], { type: "application/x-bibtex" });
      const link = element("a", { href: URL.createObjectURL(bibtex), download: "papers.bib" });
      link.click();
      URL.revokeObjectURL(link.href);
    });
    window.addEventListener("popstate", () => { state = readState(); render(); });
    document.addEventListener("ps-marks", () => { markedAs(papers); render(); });
    render();
    root.dataset.ready = "yes";
  }

  const root = document.getElementById("ps-browse");
  if (root) browse(root);

  // ---- Search: Pagefind's index, fetched in small pieces once the reader opens search.

  const KINDS = { paper: "Paper", author: "Author", tag: "Tag", venue: "Venue", organization: "Organisation", page: "Page", path: "Reading path" };
  let pagefind = null;

  const RANKED = 20;  // results read, of which the exact matches go first
  const SHOWN_RESULTS = 10;
  const plain = (text) => (text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim();

  // Pagefind ranks by words; a reader who types a name or a title wants that one first:
  // an author, tag, venue or paper named exactly so, then an author with that surname,
  // a tag or venue that starts so, then papers whose venue (CVPR 2025) or title hold it.
  function exactness(data, query) {
    const title = plain(data.meta.title);
    if (title === query) return 4;
    if (data.meta.kind === "author" && title.split(/\s+/).pop() === query) return 3;
    if (data.meta.kind !== "paper" && title.startsWith(query)) return 2;
    if (data.meta.kind === "paper" && (plain(data.meta.venue).startsWith(query) || title.includes(query))) return 1;
    return 0;
  }

  // Pagefind reads each word as the start of words: a lone letter, an initial such as the
  // "A." of "Jun A. Yamada", would fetch and match every word that starts with it. It is
  // left out of the words searched (unless it is all there is) and kept for the ranking.
  const searched = (query) => query.split(/\s+/).filter((word) => !/^\p{L}\.?$/u.test(word)).join(" ") || query;

  // A word of five letters or more that starts no word of the index is taken to be one
  // letter off (wrong, missing, extra, or two swapped): the word of the index it is one
  // edit from, if any, is searched instead. The index's words come by first letter.
  const wordLists = new Map();
  function wordsOf(letter) {
    if (!wordLists.has(letter)) {
      wordLists.set(letter, fetch(`${siteRoot}pagefind/words/${encodeURIComponent(letter)}.json`)
        .then((response) => (response.ok ? response.json() : []), () => []));
    }
    return wordLists.get(letter);
  }

  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    let i = 0;
    while (a[i] === b[i]) i += 1;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
  }

  async function meant(query) {
    const words = query.split(/\s+/).filter(Boolean);
    const fixed = await Promise.all(words.map(async (word) => {
      const plainWord = folded(word).trim();
      if (plainWord.length < 5 || plainWord.includes(" ")) return word;
      const known = await wordsOf(plainWord[0]);
      if (known.some((other) => other.startsWith(plainWord))) return word;
      return known.find((other) => oneEditApart(plainWord, other)) || word;
    }));
    return fixed.join(" ");
  }

  function exactFirst(found, query) {
    const wanted = plain(query);
    return found.map((data, position) => [exactness(data, wanted), position, data])
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, , data]) => data);
  }

  // Pagefind's excerpt is the record's text as written, its matches between <mark> and
  // </mark>: drawn as text with those words marked, never read as HTML.
  function excerpt(text) {
    const parts = [];
    let marked = false;
    for (const piece of (text || "").split(/(<\/?mark>)/)) {
      if (piece === "<mark>" || piece === "</mark>") marked = piece === "<mark>";
      else if (piece) parts.push(marked ? element("mark", {}, piece) : document.createTextNode(piece));
    }
    return parts;
  }

  const RESULTS_PAGE = 20;  // results on a page of the search page
  const resultsAddress = (query, page) => `${siteRoot}search/?q=${encodeURIComponent(query)}${page > 1 ? `&page=${page}` : ""}`;

  function resultItem(data) {
    const meta = data.meta;
    // A paper: its authors, and its venue (which holds its year) or else its year.
    const details = meta.kind === "paper" ? [meta.authors, meta.venue || meta.year].filter(Boolean).join(" — ")
      : meta.count;
    const title = element("span", { class: "ps-search__title" }, meta.title || "");
    if (meta.math) title.innerHTML = meta.math;  // the title's MathML, from the build (as cards')
    return element("li", {},
      // Pagefind gives addresses from the host's root, sub-path included (it knows where it is).
      element("a", { class: "ps-search__result", href: data.url },
        element("span", { class: "ps-search__kind" }, KINDS[meta.kind] || ""),
        title,
        element("span", { class: "ps-search__details" }, details || ""),
        ...(meta.kind === "paper" ? [element("span", { class: "ps-search__excerpt" }, ...excerpt(data.excerpt))] : [])));
  }

  // The index comes in parts (a large list's would not fit in one Pagefind process):
  // pagefind.js searches its own and every part parts.json lists.
  let loads = 0;
  async function loadPagefind() {
    const folder = siteRoot + "pagefind/";
    // A load after a failed one takes a module of its own: the failed one's state stays behind.
    const [engine, parts] = await Promise.all([
      import(folder + "pagefind.js" + (loads++ ? `?load=${loads}` : "")),
      fetch(folder + "parts.json").then((response) => response.json())]);
    await Promise.all(parts.map((part) => engine.mergeIndex(folder + part)));
    return engine;
  }

  function searchDialog() {
    const input = element("input", { type: "search", class: "ps-search__input", autocomplete: "off",
      placeholder: "Search papers, authors, tags, venues", "aria-label": "Search the list" });
    const status = element("p", { class: "ps-search__status", role: "status" });
    const correction = element("p", { class: "ps-search__meant" });
    const results = element("ol", { class: "ps-search__results" });
    // Past the first results, the search page holds them all (search/?q=...).
    const all = element("a", { class: "ps-search__all" });
    all.hidden = true;
    const form = element("form", { method: "dialog", class: "ps-search__form" }, input);
    const dialog = element("dialog", { class: "ps-search", "aria-label": "Search the list" },
      form, status, correction, results, all);
    // Enter in the box opens the first result (the one marked while the box has focus): at
    // once if the results shown are those of the text, else as soon as they are.
    let openWhenShown = false;
    function openFirst() {
      const first = results.querySelector(".ps-search__result");
      if (first) location.assign(first.href);
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (results.getAttribute("aria-busy") === "true") openWhenShown = true;
      else openFirst();
    });
    dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
    // Closed, it keeps no focus: the keys (/ or s to search again) go to the page.
    dialog.addEventListener("close", () => { if (dialog.contains(document.activeElement)) document.activeElement.blur(); });
    async function show(tries) {
      const typed = input.value;
      const loading = pagefind = pagefind || loadPagefind();
      try {
        const engine = await loading;
        const typedQuery = input.value.trim();
        const query = await meant(typedQuery);
        if (input.value.trim() !== typedQuery) return;  // a newer query is on its way
        const search = await engine.debouncedSearch(searched(query), {}, 120);
        if (search === null) return;  // a newer query is on its way
        const found = await Promise.all(search.results.slice(0, RANKED).map((result) => result.data()));
        if (input.value.trim() !== typedQuery) return;
        results.replaceChildren(...exactFirst(found, query).slice(0, SHOWN_RESULTS).map(resultItem));
        status.textContent = query ? `${search.results.length} ${search.results.length === 1 ? "result" : "results"}` : "";
        correction.textContent = query !== typedQuery ? `Results for “${query}”` : "";
        all.hidden = search.results.length <= SHOWN_RESULTS;
        all.href = resultsAddress(query);
        all.textContent = `All ${search.results.length} results`;
        results.setAttribute("aria-busy", "false");
        if (openWhenShown) {
          openWhenShown = false;
          openFirst();
        }
      } catch (error) {
        // Loaded again, once for every search that waited on the failed load: at once (a
        // request dropped on the way), then at the next keystroke.
        if (pagefind === loading) pagefind = null;
        if (tries > 1) return show(tries - 1);
        if (input.value !== typed) return;  // the search of what was typed since will tell
        results.replaceChildren();
        status.textContent = "Search could not load its index: type again to retry.";
        results.setAttribute("aria-busy", "false");
      }
    }
    input.addEventListener("input", () => {
      openWhenShown = false;  // an Enter pressed before is for the text it was pressed on
      results.setAttribute("aria-busy", "true");  // until the results of what is typed now are shown
      show(2);
    });
    // Up and down move between the results; the input keeps the first place.
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {  // closes, with text in the box too (a search box would clear it)
        event.preventDefault();
        dialog.close();
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const stops = [input, ...results.querySelectorAll("a")];
      const here = stops.indexOf(document.activeElement);
      const next = stops[Math.max(0, Math.min(stops.length - 1, here + (event.key === "ArrowDown" ? 1 : -1)))];
      next.focus();
      event.preventDefault();
    });
    document.body.append(dialog);
    return { dialog, input };
  }

  const search = searchDialog();
  function openSearch() {
    search.dialog.showModal();
    search.input.focus();
    search.input.select();
  }
  const button = element("button", { type: "button", class: "md-header__button md-icon ps-search-button",
    "aria-label": "Search the list (press / or s)", title: "Search (/)" });
  button.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  button.addEventListener("click", openSearch);
  // Other ways in that a page holds (the 404 page's button), shown once they work.
  for (const opener of document.querySelectorAll("[data-ps-search]")) {
    opener.hidden = false;
    opener.addEventListener("click", openSearch);
  }
  const header = document.querySelector(".md-header__inner");
  if (header) header.insertBefore(button, header.querySelector(".md-header__source"));
  document.addEventListener("keydown", (event) => {
    // (The closed dialog's box may still hold the focus for a moment: it is not typing.)
    const typing = !search.dialog.contains(event.target) && event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !search.dialog.open && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      openSearch();
    }
  });

  // ---- The search page: every result of a query, paged, at an address one can share.

  async function showResults(root) {
    const params = new URLSearchParams(location.search);
    const query = (params.get("q") || "").trim();
    const status = root.querySelector(".ps-results__status");
    const list = root.querySelector(".ps-search__results");
    const pager = root.querySelector(".ps-pager");
    root.querySelector(".ps-results__input").value = query;
    if (!query) {
      status.textContent = "Type words to search the list.";
      return;
    }
    status.textContent = "Searching…";
    try {
      const engine = await (pagefind = pagefind || loadPagefind());
      const found = (await engine.search(searched(await meant(query)))).results;
      const pages = Math.max(1, Math.ceil(found.length / RESULTS_PAGE));
      const page = Math.min(pages, Math.max(1, parseInt(params.get("page"), 10) || 1));
      const shown = await Promise.all(found.slice((page - 1) * RESULTS_PAGE, page * RESULTS_PAGE).map((result) => result.data()));
      // The first page ranks as the dialog does: what is named exactly so comes first.
      list.replaceChildren(...(page === 1 ? exactFirst(shown, query) : shown).map(resultItem));
      status.textContent = `${found.length} ${found.length === 1 ? "result" : "results"} for “${query}”${pages > 1 ? `, page ${page} of ${pages}` : ""}`;
      pager.replaceChildren(...(pages > 1 ? Array.from({ length: pages }, (_, index) => index + 1).map((number) => (number === page
        ? element("span", { "aria-current": "page" }, String(number))
        : element("a", { href: resultsAddress(query, number) }, String(number)))) : []));
    } catch (error) {
      status.textContent = "Search could not load its index: reload the page to try again.";
    }
  }

  const resultsPage = document.getElementById("ps-results");
  if (resultsPage) showResults(resultsPage);
}());
