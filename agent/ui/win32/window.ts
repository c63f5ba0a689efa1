import { type Handle, type Param, type User32, windowText } from '../../windows/user32.js';
import type { Row, Screen, ScreenEvents, ScreenWindow } from '../screen.js';
import type { ActivationGuard } from './activation.js';
import { BM_SETCHECK, BN_CLICKED, BS, DC_HASDEFID, EM, EN_CHANGE, ES, IDCANCEL, SPI_GETWORKAREA, SS, SW_SHOW, SWP, WM, WS, WS_EX } from './constants.js';
import type { Fonts } from './fonts.js';
import { layout, type TextStyle } from './layout.js';

/** What a window needs from its host. */
export interface WindowServices {
  api: User32;
  fonts: Fonts;
  guard: ActivationGuard;
  className: string;
  instance: Handle;
  attach(window: Win32Window): void;
  detach(window: Win32Window): void;
  dpiOf(hwnd: bigint): number;
  decodeRect(pointer: Param): { left: number; top: number; right: number; bottom: number };
}

type Kind = 'text' | 'label' | 'textbox' | 'field' | 'check' | 'button';
interface Control { key: string; id: number; hwnd: bigint; kind: Kind; style: TextStyle; text: string; at: string }

const FRAME_STYLE = WS.CAPTION | WS.SYSMENU | WS.MINIMIZEBOX;
const CHILD = WS.CHILD | WS.VISIBLE;
const CLASS_AND_STYLE: Record<Kind, [string, number]> = {
  text: ['STATIC', CHILD | SS.NOPREFIX],
  label: ['STATIC', CHILD | SS.NOPREFIX],
  textbox: ['EDIT', CHILD | WS.TABSTOP | WS.VSCROLL | ES.MULTILINE | ES.READONLY | ES.AUTOVSCROLL],
  field: ['EDIT', CHILD | WS.TABSTOP | ES.AUTOHSCROLL],
  check: ['BUTTON', CHILD | WS.TABSTOP | BS.CHECKBOX],
  button: ['BUTTON', CHILD | WS.TABSTOP | BS.PUSHBUTTON],
};
/** Control ids start above IDOK/IDCANCEL (1, 2): Enter with no default button must not hit one of ours. */
const FIRST_ID = 100;

/** Edit controls break lines at CR LF. */
const editText = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** A row's structure (what controls it has), to know when an update can reuse the controls. */
const signature = (rows: Row[]) => rows.map((r) => (r.kind === 'buttons' ? `${r.id}[${r.buttons.map((b) => `${b.id}${b.isDefault ? '*' : ''}`).join(',')}]` : `${r.kind}:${r.id}`)).join('|');

/**
 * One top-level window drawn with the standard controls (STATIC, EDIT, BUTTON), so Windows'
 * accessibility names every control: a button by its text, a field by the label just before it.
 * Closing it only tells the flow; the flow closes it.
 */
export class Win32Window implements ScreenWindow {
  readonly hwnd: bigint;
  private readonly controls = new Map<string, Control>();
  private readonly byHwnd = new Map<bigint, Control>();
  private shape = '';
  private dpi: number;
  private closed = false;
  /** Centred once; after that an update keeps the window where the user moved it. */
  private placedOnce = false;

  constructor(
    private readonly s: WindowServices,
    private screen: Screen,
    private readonly events: ScreenEvents,
  ) {
    const ex = WS_EX.CONTROLPARENT | (screen.topmost ? WS_EX.TOPMOST : 0);
    const hwnd = s.api.CreateWindowExW(ex, s.className, screen.title, FRAME_STYLE, 0, 0, 100, 100, null, null, s.instance, null);
    if (!hwnd) throw new Error('CreateWindowExW failed');
    this.hwnd = hwnd;
    s.attach(this);
    this.dpi = s.dpiOf(hwnd);
    this.build();
    this.arrange(null);
    this.fill();
    s.api.ShowWindow(hwnd, SW_SHOW);
    s.api.SetForegroundWindow(hwnd);
    const focus = screen.focus ? this.controls.get(screen.focus) : undefined;
    if (focus) s.api.SetFocus(focus.hwnd);
  }

  /** Whether a child window is one of this window's controls (for the pump's dialog keys). */
  owns(hwnd: bigint): boolean {
    return hwnd === this.hwnd || this.byHwnd.has(hwnd);
  }

  update(screen: Screen): void {
    if (this.closed) return;
    this.screen = screen;
    if (signature(screen.rows) !== this.shape) {
      this.destroyControls();
      this.build();
    }
    this.s.api.SetWindowTextW(this.hwnd, screen.title);
    // Sizes first, then texts: an edit control wraps its text at the width it has when it gets it.
    this.arrange(null);
    this.fill();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.s.api.DestroyWindow(this.hwnd);
  }

  /** The window procedure's part for this window; null lets DefWindowProc handle the message. */
  handle(message: number, wParam: Param, lParam: Param): Param | null {
    switch (message) {
      case WM.COMMAND:
        return this.command(Number(wParam), BigInt(lParam));
      case WM.CLOSE:
        this.events.closed();
        return 0;
      case WM.DM_GETDEFID: {
        const button = this.defaultButton();
        return button ? (DC_HASDEFID << 16) | button.id : 0;
      }
      case WM.DPICHANGED: {
        this.dpi = Number(wParam) & 0xffff;
        const suggested = this.s.decodeRect(lParam);
        for (const c of this.controls.values()) this.s.api.SendMessageW(c.hwnd, WM.SETFONT, this.s.fonts.font(c.style, this.dpi) ?? 0, 1);
        this.arrange({ x: suggested.left, y: suggested.top });
        return 0;
      }
      case WM.DESTROY:
        this.closed = true;
        this.s.detach(this);
        return null;
      default:
        return null;
    }
  }

  private command(wParam: number, child: bigint): Param {
    const code = (wParam >>> 16) & 0xffff;
    if ((wParam & 0xffff) === IDCANCEL && child === 0n) {
      // Esc: the same as closing the window.
      this.events.closed();
      return 0;
    }
    const control = this.byHwnd.get(child);
    if (!control) return 0;
    if (code === BN_CLICKED && (control.kind === 'button' || control.kind === 'check')) this.events.activate(control.key, this.s.guard.isDeliberate(child));
    else if (code === EN_CHANGE && control.kind === 'field') this.events.input(control.key, windowText(this.s.api, child));
    return 0;
  }

  private defaultButton(): Control | undefined {
    for (const row of this.screen.rows) {
      if (row.kind !== 'buttons') continue;
      const b = row.buttons.find((x) => x.isDefault && x.enabled);
      if (b) return this.controls.get(b.id);
    }
    return undefined;
  }

  private build(): void {
    this.shape = signature(this.screen.rows);
    let id = FIRST_ID;
    const add = (key: string, kind: Kind, style: TextStyle, extra = 0) => {
      const [cls, flags] = CLASS_AND_STYLE[kind];
      const exStyle = kind === 'field' || kind === 'textbox' ? WS_EX.CLIENTEDGE : 0;
      const hwnd = this.s.api.CreateWindowExW(exStyle, cls, '', flags | extra, 0, 0, 10, 10, this.hwnd, BigInt(id), this.s.instance, null);
      if (!hwnd) throw new Error(`CreateWindowExW(${cls}) failed`);
      this.s.api.SendMessageW(hwnd, WM.SETFONT, this.s.fonts.font(style, this.dpi) ?? 0, 0);
      const control: Control = { key, id: id++, hwnd, kind, style, text: '\u0000', at: '' };
      this.controls.set(key, control);
      this.byHwnd.set(hwnd, control);
    };
    // Creation order is tab order and z-order: each label right before its control names it.
    for (const row of this.screen.rows) {
      if (row.kind === 'text') add(row.id, 'text', row.style);
      else if (row.kind === 'buttons') for (const b of row.buttons) add(b.id, 'button', 'control', b.isDefault ? BS.DEFPUSHBUTTON : 0);
      else {
        if (row.kind !== 'check') add(`${row.id}#label`, 'label', 'control');
        add(row.id, row.kind, 'control');
        if (row.kind === 'field') this.s.api.SendMessageW(this.controls.get(row.id)!.hwnd, EM.LIMITTEXT, row.maxLength, 0);
      }
    }
  }

  /** Puts the screen's texts and states into the existing controls, touching only what changed. */
  private fill(): void {
    const api = this.s.api;
    const setText = (key: string, text: string) => {
      const c = this.controls.get(key)!;
      if (c.text === text) return false;
      c.text = text;
      api.SetWindowTextW(c.hwnd, c.kind === 'textbox' ? editText(text) : text);
      return true;
    };
    for (const row of this.screen.rows) {
      switch (row.kind) {
        case 'text':
          setText(row.id, row.text);
          break;
        case 'textbox':
          setText(`${row.id}#label`, row.label);
          if (setText(row.id, row.text)) this.scrollTo(this.controls.get(row.id)!.hwnd, row.follow);
          break;
        case 'field': {
          setText(`${row.id}#label`, row.label);
          const field = this.controls.get(row.id)!;
          // The user's typing is the truth: only replace it when the flow changed the value.
          if (windowText(api, field.hwnd) !== row.value) api.SetWindowTextW(field.hwnd, row.value);
          break;
        }
        case 'check':
          setText(row.id, row.label);
          api.SendMessageW(this.controls.get(row.id)!.hwnd, BM_SETCHECK, row.checked ? 1 : 0, 0);
          break;
        case 'buttons':
          for (const b of row.buttons) {
            setText(b.id, b.label);
            api.EnableWindow(this.controls.get(b.id)!.hwnd, b.enabled);
          }
          break;
      }
    }
  }

  /** A new chat line scrolls into view; a new consent text shows from its first line. */
  private scrollTo(hwnd: bigint, follow: 'start' | 'end'): void {
    const at = follow === 'end' ? this.s.api.GetWindowTextLengthW(hwnd) : 0;
    this.s.api.SendMessageW(hwnd, EM.SETSEL, at, at);
    this.s.api.SendMessageW(hwnd, EM.SCROLLCARET, 0, 0);
  }

  /** Lays the controls out and sizes the window to them; `at` moves it, else it keeps its place (the panel its corner). */
  private arrange(at: { x: number; y: number } | null): void {
    const api = this.s.api;
    const scale = this.dpi / 96;
    const { placed, width, height } = layout(this.screen, scale, this.s.fonts.measure(this.dpi));
    let moved = false;
    for (const p of placed) {
      const c = this.controls.get(p.key);
      const at = `${p.x},${p.y},${p.width},${p.height}`;
      if (!c || c.at === at) continue;
      c.at = at;
      moved = true;
      api.MoveWindow(c.hwnd, p.x, p.y, p.width, p.height, true);
    }
    // Controls that moved leave their old pixels behind until the window repaints what they uncovered.
    if (moved) api.InvalidateRect(this.hwnd, null, true);
    const ex = WS_EX.CONTROLPARENT | (this.screen.topmost ? WS_EX.TOPMOST : 0);
    const frame = { left: 0, top: 0, right: width, bottom: height };
    api.AdjustWindowRectEx(frame, FRAME_STYLE, false, ex);
    const w = frame.right - frame.left;
    const h = frame.bottom - frame.top;
    const position = at ?? this.position(w, h, scale);
    api.SetWindowPos(this.hwnd, null, position.x, position.y, w, h, SWP.NOZORDER | SWP.NOACTIVATE);
  }

  private position(w: number, h: number, scale: number): { x: number; y: number } {
    const area: Partial<{ left: number; top: number; right: number; bottom: number }> = {};
    this.s.api.SystemParametersInfoW(SPI_GETWORKAREA, 0, area, 0);
    const { left = 0, top = 0, right = 1024, bottom = 768 } = area;
    if (this.screen.place === 'corner') return { x: right - w - Math.round(16 * scale), y: bottom - h - Math.round(16 * scale) };
    if (this.placedOnce) {
      const now: Partial<{ left: number; top: number }> = {};
      this.s.api.GetWindowRect(this.hwnd, now);
      return { x: now.left ?? left, y: now.top ?? top };
    }
    this.placedOnce = true;
    return { x: left + Math.max(0, Math.round((right - left - w) / 2)), y: top + Math.max(0, Math.round((bottom - top - h) / 2)) };
  }

  private destroyControls(): void {
    for (const c of this.controls.values()) this.s.api.DestroyWindow(c.hwnd);
    this.controls.clear();
    this.byHwnd.clear();
  }
}
