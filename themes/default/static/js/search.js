/* /recherche/: search the site with Pagefind's index (pagefind/, made by the build: generator/search.py).
   Progressive enhancement: without JavaScript the form gives way (CSS, scripting: none) to a
   callout, and the page keeps its links to the list of operators and to the decision tree; from
   the disk (file://) the browser forbids reading the index: the form goes, and the page says so.
   The form is in the page from the first paint and the results grow below everything else the
   reader sees: nothing moves once drawn (45-search.css). The index's path is given relative to
   the page (data-search-index), so the site works under any sub-path. Results: sigle (or kind of
   page), title, one line of context; their count or the absence of any is announced in the live
   region. No inline script, no other host; Pagefind needs 'wasm-unsafe-eval' in the
   Content-Security-Policy (docs/hosting.md). */
(function () {
  'use strict';
  var root = document.querySelector('[data-search]');
  if (!root) return;
  var form = root.querySelector('[data-search-form]');
  var input = form.querySelector('input[name="q"]');
  var status = root.querySelector('[data-search-status]');
  var results = root.querySelector('[data-search-results]');
  var treeLink = root.querySelector('.search__other a');
  var MAX = 10;
  var DELAY = 250;

  if (location.protocol === 'file:') {
    form.hidden = true;
    root.querySelector('[data-search-unavailable]').hidden = false;
    return;
  }

  var indexUrl = new URL(root.getAttribute('data-search-index'), location.href).href;
  var loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(indexUrl + 'pagefind.js').then(function (module) {
        return module.options({ excerptLength: 15 }).then(function () { return module; });
      });
    }
    return loading;
  }

  function say(nodes) {
    status.textContent = '';
    nodes.forEach(function (node) {
      status.appendChild(typeof node === 'string' ? document.createTextNode(node) : node);
    });
  }

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* Pagefind's excerpt is HTML with <mark> around the words found: kept as text and <mark> only. */
  function excerpt(html) {
    var p = document.createElement('p');
    p.className = 'search-result__excerpt';
    var parsed = new DOMParser().parseFromString('<body>' + html + '</body>', 'text/html').body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === 'MARK') {
        var mark = document.createElement('mark');
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement('li');
    li.className = 'search-result';
    var meta = data.meta || {};
    var kind = document.createElement('p');
    kind.className = 'search-result__kind';
    kind.textContent = meta.sigle || meta.type || '';
    var title = document.createElement('h2');
    title.className = 'search-result__title';
    title.appendChild(link(data.url, meta.title || data.url));
    li.appendChild(title);
    if (kind.textContent) li.insertBefore(kind, title);
    li.appendChild(excerpt(data.excerpt || ''));
    return li;
  }

  var current = 0;
  function run(query) {
    var asked = ++current;
    query = query.trim();
    if (!query) {
      results.textContent = '';
      say([]);
      return;
    }
    say(['Recherche en cours…']);
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (asked !== current || !found) return null;
      return Promise.all(found.results.slice(0, MAX).map(function (r) { return r.data(); }))
        .then(function (pages) { return { total: found.results.length, pages: pages }; });
    }).then(function (answer) {
      if (!answer || asked !== current) return;
      results.textContent = '';
      if (!answer.total) {
        say(['Aucun résultat pour « ' + query + ' ». Essayez un autre mot, ou laissez-vous guider : ',
             link(treeLink.href, 'trouver un contact pas à pas'), '.']);
        return;
      }
      var list = document.createElement('ol');
      list.className = 'search-results';
      answer.pages.forEach(function (data) { list.appendChild(item(data)); });
      results.appendChild(list);
      var shown = answer.total > MAX ? ' (les ' + MAX + ' premiers ci-dessous)' : '';
      say([answer.total + (answer.total > 1 ? ' résultats' : ' résultat') + ' pour « ' + query + ' »' + shown + '.']);
    }).catch(function () {
      if (asked !== current) return;
      results.textContent = '';
      say(['La recherche n\'a pas pu se charger. Les liens ci-dessous donnent les mêmes informations.']);
    });
  }

  function remember(query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
    history.replaceState(null, '', url.href);
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value.trim()); run(input.value); }, DELAY);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(input.value.trim());
    run(input.value);
  });

  var asked = new URLSearchParams(location.search).get('q');
  if (asked) {
    input.value = asked;
    run(asked);
  }
})();
