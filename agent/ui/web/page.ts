/**
 * The loopback page's assets. Plain browser JavaScript and CSS held as strings, so the agent's
 * single-file build carries them without an asset step; the script is small on purpose: it only
 * draws the screens it is sent and reports what the user does (with the browser's `isTrusted`,
 * which only a real user gesture sets).
 */
export const PAGE_HTML = (language: string, title: string) => `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="app.css"></head>
<body><main id="windows" aria-live="polite"></main><script src="app.js"></script></body></html>`;

export const PAGE_CSS = `
body { font: 15px/1.45 "Malgun Gothic", "Noto Sans CJK KR", "NanumGothic", system-ui, sans-serif; background: #e9ecef; margin: 0; padding: 16px; color: #111; }
main { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
section { background: #fff; border: 1px solid #adb5bd; border-radius: 6px; padding: 16px; box-shadow: 0 2px 6px rgba(0,0,0,.15); }
section.topmost { order: -1; border-color: #1c7ed6; }
h2 { font-size: 13px; font-weight: normal; color: #495057; margin: -4px 0 8px; }
.title { font-size: 20px; font-weight: bold; margin: 0 0 8px; }
.body { white-space: pre-line; margin: 0 0 10px; }
.note { white-space: pre-line; margin: 0 0 10px; font-size: 13px; color: #495057; min-height: 1.2em; }
label { display: block; margin: 0 0 4px; }
label.check { display: flex; gap: 8px; align-items: center; margin: 0 0 10px; }
textarea, input[type=text] { width: 100%; box-sizing: border-box; font: inherit; margin: 0 0 10px; }
textarea { resize: vertical; }
.buttons { display: flex; gap: 8px; margin: 4px 0 0; }
button { font: inherit; padding: 6px 18px; }
`;

export const PAGE_JS = String.raw`'use strict';
(() => {
  const main = document.getElementById('windows');
  const shown = new Map();
  // One request at a time, in order: the agent must see the keystrokes before the click that follows them.
  let chain = Promise.resolve();
  const post = (body) => {
    chain = chain.then(() => fetch('event', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).catch((error) => {
      // The agent is gone (the session ended): there is nobody left to tell.
      console.warn(error);
    });
  };
  const el = (tag, props, children) => {
    const node = Object.assign(document.createElement(tag), props || {});
    for (const child of children || []) node.append(child);
    return node;
  };
  const shape = (screen) => screen.rows.map((r) => r.kind + ':' + r.id + (r.kind === 'buttons' ? '[' + r.buttons.map((b) => b.id).join(',') + ']' : '')).join('|');

  function build(win) {
    const { id, screen } = win;
    const section = el('section', { className: screen.topmost ? 'topmost' : '' });
    section.setAttribute('role', 'dialog');
    section.setAttribute('aria-label', screen.title);
    section.style.width = screen.width + 'px';
    const heading = el('h2', { textContent: screen.title });
    section.append(heading);
    const parts = new Map();
    const send = (type, rowId, extra) => post(Object.assign({ window: id, type, id: rowId }, extra));
    for (const row of screen.rows) {
      const key = id + '-' + row.id;
      if (row.kind === 'text') {
        const p = el(row.style === 'title' ? 'h1' : 'p', { className: row.style, id: key });
        parts.set(row.id, p);
        section.append(p);
      } else if (row.kind === 'textbox' || row.kind === 'field') {
        const label = el('label', { htmlFor: key });
        const input = row.kind === 'field' ? el('input', { type: 'text', id: key, maxLength: row.maxLength, autocomplete: 'off' }) : el('textarea', { id: key, readOnly: true, rows: row.lines });
        if (row.kind === 'field') {
          input.sent = [];
          input.addEventListener('input', () => {
            input.sent.push(input.value);
            send('input', row.id, { value: input.value });
          });
          input.addEventListener('keydown', (e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            const current = shown.get(id);
            const rows = current ? current.win.screen.rows : [];
            // Enter presses the default button, and is never taken as a deliberate click. Whether
            // it may act is the agent's call (the page may not have heard yet what was typed).
            const def = rows.flatMap((r) => (r.kind === 'buttons' ? r.buttons : [])).find((b) => b.isDefault);
            if (def) send('activate', def.id, { trusted: false });
          });
        }
        parts.set(row.id, { label, input });
        section.append(label, input);
      } else if (row.kind === 'check') {
        const box = el('input', { type: 'checkbox', id: key });
        box.addEventListener('click', (e) => {
          // The flow decides whether the box is ticked; the page only reports the click.
          e.preventDefault();
          send('activate', row.id, { trusted: e.isTrusted });
        });
        const label = el('label', { className: 'check' }, [box, el('span')]);
        parts.set(row.id, { label, box });
        section.append(label);
      } else if (row.kind === 'buttons') {
        const bar = el('div', { className: 'buttons' });
        for (const b of row.buttons) {
          const button = el('button', { type: 'button', id: id + '-' + b.id });
          button.addEventListener('click', (e) => send('activate', b.id, { trusted: e.isTrusted }));
          parts.set(b.id, button);
          bar.append(button);
        }
        section.append(bar);
      }
    }
    return { section, heading, parts, shape: shape(screen) };
  }

  function fill(view, screen) {
    view.heading.textContent = screen.title;
    for (const row of screen.rows) {
      const part = view.parts.get(row.id);
      if (row.kind === 'text') part.textContent = row.text;
      else if (row.kind === 'textbox') {
        part.label.textContent = row.label;
        if (part.input.value !== row.text) {
          part.input.value = row.text;
          part.input.scrollTop = row.follow === 'end' ? part.input.scrollHeight : 0;
        }
      } else if (row.kind === 'field') {
        part.label.textContent = row.label;
        // An echo of what the user typed (possibly older than what is in the field now) leaves the
        // field alone; any other value is the agent's own (a sent message clears the field).
        const echo = part.input.sent.indexOf(row.value);
        if (echo >= 0) part.input.sent.splice(0, echo + 1);
        else {
          part.input.sent = [];
          if (part.input.value !== row.value) part.input.value = row.value;
        }
      } else if (row.kind === 'check') {
        part.label.lastChild.textContent = row.label;
        part.box.checked = row.checked;
      } else if (row.kind === 'buttons') {
        for (const b of row.buttons) {
          const button = view.parts.get(b.id);
          button.textContent = b.label;
          button.disabled = !b.enabled;
        }
      }
    }
  }

  function render(state) {
    const ids = new Set(state.windows.map((w) => w.id));
    for (const [id, view] of shown) {
      if (!ids.has(id)) {
        view.section.remove();
        shown.delete(id);
      }
    }
    for (const win of state.windows) {
      let view = shown.get(win.id);
      if (view && view.shape !== shape(win.screen)) {
        view.section.remove();
        view = undefined;
      }
      const fresh = !view;
      if (!view) {
        view = build(win);
        shown.set(win.id, view);
        main.append(view.section);
      }
      view.win = win;
      fill(view, win.screen);
      if (fresh && win.screen.focus) {
        const target = document.getElementById(win.id + '-' + win.screen.focus);
        if (target) target.focus();
      }
    }
    document.title = state.windows.length ? state.windows[state.windows.length - 1].screen.title : state.title;
  }

  const events = new EventSource('events');
  events.onmessage = (e) => render(JSON.parse(e.data));
})();
`;
