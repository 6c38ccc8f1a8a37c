/* lagesbild search: runs on search/index.html.
 *
 * The index comes from search/index.js, which a <script src> tag loaded
 * before this file and which sets window.LAGESBILD_SEARCH (a script tag
 * works from file://, where fetch() of a local file does not). Matching is
 * case- and diacritic-insensitive ("sjoby" finds "Sjöby") and by word
 * prefix; every word of the query must match. Title hits rank above text
 * hits (whole words above prefixes); ties keep the index order. Results
 * are links with their kind and an excerpt, and the count is announced
 * through a live region.
 * No dependencies, no network. */
(function () {
  'use strict';

  var MAX_RESULTS = 50;

  /* Lower case without diacritics: NFD splits "ö" into "o" + a combining
     mark, which is then dropped. */
  function fold(s) {
    return String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  }

  /* Folded words. A word with hyphens ("A-2024-03") stays whole; with
     `parts` (for documents) its pieces are words too, as the index has them. */
  function words(s, parts) {
    var out = [];
    fold(s).split(/[^\p{L}\p{N}-]+/u).forEach(function (raw) {
      var w = raw.replace(/^-+|-+$/g, '');
      if (!w) return;
      out.push(w);
      if (parts && w.indexOf('-') >= 0) {
        w.split('-').forEach(function (p) { if (p) out.push(p); });
      }
    });
    return out;
  }

  function prepare(docs) {
    return docs.map(function (d) {
      return { doc: d, title: words(d.t, true), text: words(d.w + ' ' + d.e, true) };
    });
  }

  function anyStartsWith(list, term) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].lastIndexOf(term, 0) === 0) return true;
    }
    return false;
  }

  /* Documents matching every word of the query, best first: per word 3
     points for a whole word of the title, 2 for the start of one, 1 for
     the start of a word of the text. */
  function search(prepared, query) {
    var terms = words(query, false);
    if (terms.length === 0) return [];
    var found = [];
    prepared.forEach(function (p, index) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        if (p.title.indexOf(terms[i]) >= 0) score += 3;
        else if (anyStartsWith(p.title, terms[i])) score += 2;
        else if (anyStartsWith(p.text, terms[i])) score += 1;
        else return;
      }
      found.push({ score: score, index: index, doc: p.doc });
    });
    found.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    return found;
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { fold: fold, words: words, prepare: prepare, search: search };
    return;
  }

  var box = document.getElementById('search');
  if (!box) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var data = window.LAGESBILD_SEARCH || { docs: [] };
  var prepared = prepare(data.docs);
  var texts = box.dataset;

  function fill(template, n, q) {
    return template.replace('{n}', String(n)).replace('{max}', String(MAX_RESULTS))
      .replace('{q}', function () { return q; });
  }

  function item(doc) {
    var li = document.createElement('li');
    var link = document.createElement('a');
    link.href = texts.root + doc.u;
    link.textContent = doc.t;
    var kind = document.createElement('span');
    kind.className = 'search-kind';
    kind.textContent = texts['kind' + doc.k.charAt(0).toUpperCase() + doc.k.slice(1)] || doc.k;
    li.appendChild(link);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(kind);
    if (doc.e) {
      var excerpt = document.createElement('p');
      excerpt.textContent = doc.e;
      li.appendChild(excerpt);
    }
    return li;
  }

  function show(query) {
    var q = query.trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) {
      status.textContent = '';
      return;
    }
    var found = search(prepared, q);
    var n = found.length;
    var message = fill(n === 0 ? texts.none : n === 1 ? texts.one : texts.many, n, q);
    if (n > MAX_RESULTS) message += ' ' + fill(texts.more, n, q);
    status.textContent = message;
    found.slice(0, MAX_RESULTS).forEach(function (f) { list.appendChild(item(f.doc)); });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 250);
  });
  input.form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    show(input.value);
    try {
      history.replaceState(null, '', '?q=' + encodeURIComponent(input.value.trim()));
    } catch (e) {
      /* Some browsers refuse to change the address of a file:// page. */
    }
  });

  var initial = new URLSearchParams(window.location.search).get('q') || '';
  input.value = initial;
  show(initial);
})();
