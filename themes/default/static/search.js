/* lagesbild search: runs on search/index.html.
 *
 * The index is split so that a query loads only what it needs (see
 * src/render/search.rs): search/index.js, loaded by a <script src> tag
 * before this file, sets window.LAGESBILD_SEARCH to a manifest; the words
 * starting with a letter (or a pair) are in words/HEX.js and the documents'
 * titles and excerpts, CHUNK to a file, in docs/N.js. Those files are
 * scripts too, added to the page when a query needs them, calling
 * LAGESBILD_SEARCH_WORDS and LAGESBILD_SEARCH_DOCS (a script tag works
 * from file://, where fetch() of a local file does not).
 *
 * Matching is case- and diacritic-insensitive ("sjoby" finds "Sjöby") and
 * by word prefix; every word of the query must match. Title hits rank
 * above text hits (whole words above prefixes); ties keep the index
 * order. Results are links with their kind and an excerpt, and the count
 * is announced through a live region.
 * No dependencies, no network. */
(function () {
  'use strict';

  var MAX_RESULTS = 50;

  /* Lower case without diacritics: NFD splits "ö" into "o" + a combining
     mark, which is then dropped. The index folds its words the same way. */
  function fold(s) {
    return String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  }

  /* The folded words of a query. A word with hyphens ("A-2024-03") stays
     whole, as the index has it (with its pieces as words too). */
  function words(s) {
    var out = [];
    fold(s).split(/[^\p{L}\p{N}-]+/u).forEach(function (raw) {
      var w = raw.replace(/^-+|-+$/g, '');
      if (w) out.push(w);
    });
    return out;
  }

  /* The UTF-8 bytes of a word file's key in hex: its file name. */
  function hex(key) {
    return Array.prototype.map.call(new TextEncoder().encode(key), function (b) {
      return (b < 16 ? '0' : '') + b.toString(16);
    }).join('');
  }

  /* The word files a query term needs: every word is filed under its
     first letter or its first two letters (see src/render/search.rs), so
     the files whose key starts the term, or, for a one-letter term, every
     file of that letter. */
  function keysFor(term, shards) {
    var t = Array.from(term);
    return shards.filter(function (key) {
      var k = Array.from(key);
      if (k[0] !== t[0]) return false;
      return t.length === 1 || k.length === 1 || k[1] === t[1];
    });
  }

  /* Per document, the best score of one term: 3 for a whole word of the
     title, 2 for the start of one, 1 for the start of a word of the text. */
  function scores(term, keys, files) {
    var best = new Map();
    function up(id, s) { if (!(best.get(id) >= s)) best.set(id, s); }
    keys.forEach(function (key) {
      var file = files[key] || {};
      Object.keys(file).forEach(function (word) {
        if (word.lastIndexOf(term, 0) !== 0) return;
        var s = word === term ? 3 : 2;
        file[word][0].forEach(function (id) { up(id, s); });
        file[word][1].forEach(function (id) { up(id, 1); });
      });
    });
    return best;
  }

  /* Documents (index positions) matching every term, best first, given
     the word files loaded (`files` by key). */
  function rank(terms, shards, files) {
    if (terms.length === 0) return [];
    var total = null;
    terms.forEach(function (term) {
      var s = scores(term, keysFor(term, shards), files);
      if (total === null) {
        total = s;
        return;
      }
      var next = new Map();
      total.forEach(function (v, id) { if (s.has(id)) next.set(id, v + s.get(id)); });
      total = next;
    });
    var found = Array.from(total.keys());
    found.sort(function (a, b) { return total.get(b) - total.get(a) || a - b; });
    return found;
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { fold: fold, words: words, hex: hex, keysFor: keysFor, rank: rank };
    return;
  }

  var box = document.getElementById('search');
  if (!box) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var manifest = window.LAGESBILD_SEARCH;
  var texts = box.dataset;
  var files = {};
  var chunks = {};
  var loading = {};
  /* A file is taken only with the id (the hash of its content) the
     manifest lists for it: a file of another build (a cached one) would
     point at other documents. */
  window.LAGESBILD_SEARCH_WORDS = function (id, key, words) {
    var i = manifest ? manifest.shards.indexOf(key) : -1;
    if (i >= 0 && id === manifest.ids.words[i]) files[key] = words;
  };
  window.LAGESBILD_SEARCH_DOCS = function (id, n, docs) {
    if (manifest && id === manifest.ids.docs[n]) chunks[n] = docs;
  };

  /* Loads the index files `paths` (below search/) not loaded yet, then
     calls done(ok): ok is false when one could not be read or was of
     another build (`has(path)` says whether a loaded file was taken). A
     file that failed is tried again by the next query. */
  function load(paths, has, done) {
    var waiting = paths.length;
    var ok = true;
    if (waiting === 0) return done(true);
    paths.forEach(function (path) {
      if (!loading[path]) {
        loading[path] = new Promise(function (resolve) {
          var s = document.createElement('script');
          s.src = path;
          s.onload = function () { resolve(has(path)); };
          s.onerror = function () { resolve(false); };
          document.head.appendChild(s);
        }).then(function (loaded) {
          if (!loaded) delete loading[path];
          return loaded;
        });
      }
      loading[path].then(function (loaded) {
        ok = ok && loaded;
        if (--waiting === 0) done(ok);
      });
    });
  }

  function wordFile(key) { return 'words/' + hex(key) + '.js'; }
  function docFile(n) { return 'docs/' + n + '.js'; }

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

  /* The latest query shown: an answer to an older one is dropped. */
  var latest = 0;

  function show(query) {
    var q = query.trim();
    var asked = ++latest;
    while (list.firstChild) list.removeChild(list.firstChild);
    var terms = words(q);
    if (terms.length === 0) {
      status.textContent = '';
      return;
    }
    if (!manifest) {
      status.textContent = texts.failed;
      return;
    }
    var keys = [];
    terms.forEach(function (t) { keys = keys.concat(keysFor(t, manifest.shards)); });
    var hasWords = function (path) {
      return keys.some(function (k) { return wordFile(k) === path && files[k]; });
    };
    load(keys.map(wordFile), hasWords, function (wordsOk) {
      var found = wordsOk ? rank(terms, manifest.shards, files) : [];
      var shown = found.slice(0, MAX_RESULTS);
      var needed = [];
      shown.forEach(function (id) {
        var n = Math.floor(id / manifest.chunk);
        if (needed.indexOf(n) < 0) needed.push(n);
      });
      var hasDocs = function (path) {
        return needed.some(function (n) { return docFile(n) === path && chunks[n]; });
      };
      load(needed.map(docFile), hasDocs, function (docsOk) {
        if (asked !== latest) return;
        if (!wordsOk || !docsOk) {
          status.textContent = texts.failed;
          return;
        }
        var n = found.length;
        var message = fill(n === 0 ? texts.none : n === 1 ? texts.one : texts.many, n, q);
        if (n > MAX_RESULTS) message += ' ' + fill(texts.more, n, q);
        status.textContent = message;
        shown.forEach(function (id) {
          var doc = chunks[Math.floor(id / manifest.chunk)][id % manifest.chunk];
          if (doc) list.appendChild(item(doc));
        });
      });
    });
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
