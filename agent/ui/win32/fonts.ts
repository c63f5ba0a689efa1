import type { Handle, User32 } from '../../windows/user32.js';
import { DT } from './constants.js';
import type { Measure, TextStyle } from './layout.js';

/**
 * Faces with Hangul, best first: Windows' own Korean UI font, then the free ones a Linux box
 * (and so Wine) has. The last resort still draws Latin text; Hangul then shows as boxes.
 */
const FACES = ['Malgun Gothic', 'NanumGothic', 'Noto Sans CJK KR', 'Gulim', 'Segoe UI'];
const POINTS: Record<TextStyle, { points: number; weight: number }> = {
  title: { points: 13, weight: 700 },
  body: { points: 10, weight: 400 },
  note: { points: 9, weight: 400 },
  control: { points: 10, weight: 400 },
};
const DEFAULT_CHARSET = 1;
const CLEARTYPE_QUALITY = 5;

/** The windows' fonts, one per style and DPI, and text measurement with them. */
export class Fonts {
  readonly face: string;
  private readonly cache = new Map<string, Handle>();

  constructor(private readonly api: User32) {
    this.face = pickFace(api);
  }

  font(style: TextStyle, dpi: number): Handle {
    const key = `${style}@${dpi}`;
    let font = this.cache.get(key);
    if (font === undefined) {
      font = create(this.api, this.face, style, dpi);
      this.cache.set(key, font);
    }
    return font;
  }

  measure(dpi: number): Measure {
    return (text, style, maxWidth) => {
      const dc = this.api.GetDC(null);
      try {
        const previous = this.api.SelectObject(dc, this.font(style, dpi));
        const rect = { left: 0, top: 0, right: maxWidth ?? 100_000, bottom: 0 };
        this.api.DrawTextW(dc, text, -1, rect, DT.CALCRECT | DT.NOPREFIX | DT.EXPANDTABS | (maxWidth === null ? DT.SINGLELINE : DT.WORDBREAK));
        this.api.SelectObject(dc, previous);
        return { width: rect.right, height: rect.bottom };
      } finally {
        this.api.ReleaseDC(null, dc);
      }
    };
  }

  dispose(): void {
    for (const font of this.cache.values()) this.api.DeleteObject(font);
    this.cache.clear();
  }
}

function create(api: User32, face: string, style: TextStyle, dpi: number): Handle {
  const { points, weight } = POINTS[style];
  return api.CreateFontW(-Math.round((points * dpi) / 72), 0, 0, 0, weight, 0, 0, 0, DEFAULT_CHARSET, 0, 0, CLEARTYPE_QUALITY, 0, face);
}

/** The first face the system really has: GDI silently substitutes a missing one, so ask it which it used. */
function pickFace(api: User32): string {
  const dc = api.GetDC(null);
  try {
    for (const face of FACES) {
      const font = create(api, face, 'body', 96);
      const previous = api.SelectObject(dc, font);
      const buffer = Buffer.alloc(128);
      const length = api.GetTextFaceW(dc, 64, buffer);
      api.SelectObject(dc, previous);
      api.DeleteObject(font);
      if (buffer.toString('utf16le', 0, Math.max(0, length - 1) * 2) === face) return face;
    }
    return FACES[FACES.length - 1]!;
  } finally {
    api.ReleaseDC(null, dc);
  }
}
