// runner's live-reload script (--live-reload), added to HTML pages by the runner's proxy.
// It listens to /_runner/events: on "ready" (a new generation serves) and on "served-as-is" (a
// static file or template the running app reads as it is changed) and on "swapped" (--hotswap
// redefined changed method bodies in the running app) the page reloads; on
// "build-failed" or "crashed" an overlay shows why the page is not up to date, over the last
// good page, which keeps working. The overlay lives in a shadow root of an element of its own,
// so the page's CSS cannot reach it and its CSS cannot reach the page; text goes in through
// textContent only. (Maven filters this file: no dollar-brace and no at-sign in it.)
(function () {
  'use strict';
  if (window.__runnerLiveReload || typeof EventSource === 'undefined') {
    return;
  }
  window.__runnerLiveReload = true;

  var TAG = 'runner-overlay';
  var STYLE = [
    ':host { all: initial; }',
    '.panel { position: fixed; left: 0; right: 0; bottom: 0; max-height: 45vh; overflow: auto;',
    '  z-index: 2147483647; box-sizing: border-box; padding: 12px 16px 14px;',
    '  background: rgba(20, 20, 24, 0.96); color: #e8e8e8; border-top: 4px solid #e5534b;',
    '  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;',
    '  box-shadow: 0 -6px 24px rgba(0, 0, 0, 0.35); text-align: left; }',
    '.head { display: flex; align-items: baseline; gap: 12px; margin-bottom: 8px; }',
    '.title { font-weight: bold; color: #ff7b72; font-size: 14px; }',
    '.note { color: #9da5b4; flex: 1; }',
    'button { all: unset; cursor: pointer; color: #9da5b4; font-size: 18px; padding: 0 4px; }',
    'button:hover { color: #fff; }',
    '.diag { margin: 8px 0 0; padding-top: 8px; border-top: 1px solid #33363d; }',
    '.where { color: #f2cc60; font-weight: bold; }',
    '.msg { white-space: pre-wrap; margin: 2px 0 4px; }',
    'pre { margin: 0; padding: 6px 8px; background: #0d0f12; color: #c9d1d9; overflow: auto; white-space: pre; }',
    '.caret { color: #ff7b72; }'
  ].join('\n');

  var generation = null;

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function hide() {
    var host = document.querySelector(TAG);
    if (host) {
      host.remove();
    }
  }

  function caretLine(source, column) {
    var pad = '';
    for (var i = 0; i < column - 1 && i < source.length; i++) {
      pad += source.charAt(i) === '\t' ? '\t' : ' ';
    }
    return pad + '^';
  }

  // title, a note, diagnostics [{file, line, column, message, source}], and text shown when there are none
  function show(title, note, diagnostics, text) {
    var host = document.querySelector(TAG);
    if (!host) {
      host = document.createElement(TAG);
      host.attachShadow({ mode: 'open' });
      document.documentElement.appendChild(host);
    }
    var root = host.shadowRoot;
    while (root.firstChild) {
      root.removeChild(root.firstChild);
    }
    root.appendChild(el('style', null, STYLE));
    var panel = el('div', 'panel');
    panel.setAttribute('role', 'alert');
    var head = el('div', 'head');
    head.appendChild(el('span', 'title', title));
    head.appendChild(el('span', 'note', note));
    var close = el('button', null, '\u00d7');
    close.title = 'Hide until the next build';
    close.addEventListener('click', hide);
    head.appendChild(close);
    panel.appendChild(head);
    (diagnostics || []).forEach(function (d) {
      var box = el('div', 'diag');
      var where = d.file + (d.line ? ':' + d.line + (d.column ? ':' + d.column : '') : '');
      box.appendChild(el('div', 'where', where + (d.severity && d.severity !== 'error' ? ' (' + d.severity + ')' : '')));
      box.appendChild(el('div', 'msg', d.message));
      if (d.source) {
        var pre = el('pre', null, d.source);
        if (d.column) {
          pre.appendChild(document.createTextNode('\n'));
          pre.appendChild(el('span', 'caret', caretLine(d.source, d.column)));
        }
        box.appendChild(pre);
      }
      panel.appendChild(box);
    });
    if ((!diagnostics || diagnostics.length === 0) && text) {
      panel.appendChild(el('pre', null, text));
    }
    root.appendChild(panel);
  }

  function buildFailed(data) {
    var n = (data.diagnostics || []).length;
    show('Build failed', (n ? n + ' problem' + (n > 1 ? 's' : '') + '; ' : '')
        + 'this page is the last good version. Fix and save to reload.',
        data.diagnostics, data.output || (data.build && data.build.output));
  }

  function crashed(data) {
    var c = data.crash || data;
    show('The app stopped', 'pid ' + c.pid + (c.exitStatus !== null && c.exitStatus !== undefined
        ? ' exited with status ' + c.exitStatus : '') + '; the runner waits for a change.', [], c.reason);
  }

  var events = new EventSource('/_runner/events');
  // whether the last reload ended (a new generation ready, or files served as they are) after this
  // page began to load: then the page may show what was before it, and no event will say so,
  // because it came before this connection (both clocks are this machine's: /_runner/ is loopback)
  function missed(s) {
    var r = s.lastReload;
    if (!r || !r.endedAt || (r.result !== 'ready' && r.result !== 'served-as-is' && r.result !== 'swapped')) {
      return false;
    }
    var end = Date.parse(r.endedAt);
    return !isNaN(end) && typeof performance !== 'undefined' && end > performance.timeOrigin;
  }

  events.addEventListener('state', function (e) {
    var s = JSON.parse(e.data);
    if (generation !== null && s.generation !== generation && s.state === 'ready') {
      location.reload(); // a reload happened while the connection was down
      return;
    }
    if (generation === null && missed(s)) {
      location.reload();
      return;
    }
    generation = s.generation;
    if (s.state === 'failed') {
      buildFailed(s);
    } else if (s.state === 'crashed') {
      crashed(s);
    }
  });
  events.addEventListener('build-failed', function (e) {
    buildFailed(JSON.parse(e.data));
  });
  events.addEventListener('crashed', function (e) {
    crashed(JSON.parse(e.data));
  });
  events.addEventListener('ready', function () {
    location.reload();
  });
  events.addEventListener('served-as-is', function () {
    location.reload(); // a static file or template changed: the same JVM serves it as it is now
  });
  events.addEventListener('swapped', function () {
    location.reload(); // --hotswap: the same JVM runs the changed method bodies now
  });
})();
