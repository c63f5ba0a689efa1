import type { Row, Screen } from '../screen.js';

export type TextStyle = 'title' | 'body' | 'note' | 'control';
/** Measures text in pixels: wrapped to `maxWidth`, or on one line when it is null. */
export type Measure = (text: string, style: TextStyle, maxWidth: number | null) => { width: number; height: number };

/** One control's place in the window's client area, in pixels. `key`: a row's id, `<id>#label` for its label. */
export interface Placed {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Spacing in device-independent pixels (scaled by the window's DPI). */
const MARGIN = 16;
const GAP = 10;
const LABEL_GAP = 4;
const BUTTON_GAP = 8;
const BUTTON_MIN_WIDTH = 88;
const BUTTON_PADDING = 28;

/**
 * A screen's rows, stacked top to bottom at the screen's width: text wraps, fields and text
 * boxes get their label above them, buttons sit side by side. Pure, for any DPI (`scale`).
 */
export function layout(screen: Screen, scale: number, measure: Measure): { placed: Placed[]; width: number; height: number } {
  const px = (dip: number) => Math.round(dip * scale);
  const width = px(screen.width);
  const inner = width - 2 * px(MARGIN);
  const line = measure('Ag한', 'control', null).height;
  const placed: Placed[] = [];
  let y = px(MARGIN);
  const put = (key: string, height: number, x = px(MARGIN), w = inner) => {
    placed.push({ key, x, y, width: w, height });
    return height;
  };
  const labelled = (row: Extract<Row, { label: string }>, height: number) => {
    y += put(`${row.id}#label`, measure(row.label, 'control', inner).height) + px(LABEL_GAP);
    y += put(row.id, height);
  };
  for (const row of screen.rows) {
    switch (row.kind) {
      case 'text':
        y += put(row.id, Math.max(measure(row.text || ' ', row.style, inner).height, measure(' ', row.style, null).height));
        break;
      case 'textbox':
        labelled(row, row.lines * line + px(8));
        break;
      case 'field':
        labelled(row, line + px(10));
        break;
      case 'check':
        y += put(row.id, Math.max(measure(row.label, 'control', inner - px(24)).height, line) + px(6));
        break;
      case 'buttons': {
        let x = px(MARGIN);
        const height = line + px(14);
        for (const b of row.buttons) {
          const w = Math.max(px(BUTTON_MIN_WIDTH), measure(b.label, 'control', null).width + px(BUTTON_PADDING));
          put(b.id, height, x, w);
          x += w + px(BUTTON_GAP);
        }
        y += height;
        break;
      }
    }
    y += px(GAP);
  }
  return { placed, width, height: y - px(GAP) + px(MARGIN) };
}
