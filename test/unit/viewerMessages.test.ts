import { describe, expect, it } from 'vitest';
import { en } from '../../viewer/src/i18n/en.js';
import { ko } from '../../viewer/src/i18n/ko.js';

/** Every key path of a dictionary (`/`-separated: keys such as `session.opened` hold dots), with the kind of value at each. */
function shape(value: unknown, path = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => shape(v, `${path}/${k}`));
  return [`${path}:${typeof value}`];
}

describe('the web app’s translations', () => {
  it('have exactly the same keys in Korean and English', () => {
    expect(shape(ko)).toEqual(shape(en));
  });

  it('are really translated: no Korean string is left in English', () => {
    const same = shape(en)
      .map((entry) => entry.slice(0, entry.lastIndexOf(':')).slice(1).split('/'))
      .filter((path) => {
        const pick = (d: unknown) => path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], d);
        const [e, k] = [pick(en), pick(ko)];
        return typeof e === 'string' && e === k && /[a-z]{4}/i.test(e);
      })
      .map((p) => p.join('/'));
    // Names and codes that are the same in both languages.
    expect(same.sort()).toEqual(['app/name']);
  });
});
