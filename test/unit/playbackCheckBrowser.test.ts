import { describe, expect, it } from 'vitest';
import { BrowserInfo } from '../../shared/playbackCheck/measurements.js';
import { describeBrowser, windowsRelease } from '../../viewer/src/check/browserInfo.js';

const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IE11 = 'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const EDGE_WINDOWS = `${CHROME_WINDOWS} Edg/131.0.0.0`;
const SAMSUNG = 'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36';

describe("the browser's identity in the playback check", () => {
  it('reads Safari on an iPhone from the UA string (Safari has no Client Hints)', () => {
    expect(describeBrowser(SAFARI_IOS, null)).toMatchObject({ source: 'user_agent', name: 'Safari', version: '17.5', osName: 'iOS', osVersion: '17.5', deviceType: 'mobile', engine: 'WebKit 605.1.15' });
  });

  it('recognises Internet Explorer 11 and Firefox from the UA string', () => {
    expect(describeBrowser(IE11, null)).toMatchObject({ name: 'Internet Explorer', version: '11.0', osName: 'Windows', osVersion: '7', deviceType: 'desktop' });
    expect(describeBrowser(FIREFOX_WINDOWS, null)).toMatchObject({ name: 'Firefox', version: '133.0', osName: 'Windows', deviceType: 'desktop' });
  });

  it('takes the brand, full version and Windows 11 from Client Hints, where the UA string says Windows NT 10.0', () => {
    const info = describeBrowser(EDGE_WINDOWS, {
      brands: [{ brand: 'Microsoft Edge', version: '131' }],
      fullVersionList: [
        { brand: 'Microsoft Edge', version: '131.0.2903.86' },
        { brand: 'Chromium', version: '131.0.6778.86' },
        { brand: 'Not_A Brand', version: '24.0.0.0' },
      ],
      mobile: false,
      platform: 'Windows',
      platformVersion: '15.0.0',
      architecture: 'x86',
      bitness: '64',
      model: '',
    });
    expect(info).toMatchObject({ source: 'client_hints', name: 'Microsoft Edge', version: '131.0.2903.86', osName: 'Windows', osVersion: '11', architecture: 'x86 64', engine: 'Blink' });
    expect(BrowserInfo.parse(info)).toEqual(info);
  });

  it('prefers a browser’s own brand to Chromium and ignores GREASE brands', () => {
    const info = describeBrowser(SAMSUNG, {
      fullVersionList: [
        { brand: 'Chromium', version: '122.0.6261.105' },
        { brand: 'Not(A:Brand', version: '24.0.0.0' },
        { brand: 'Samsung Internet', version: '26.0.0.52' },
      ],
      mobile: true,
      platform: 'Android',
      platformVersion: '14.0.0',
      model: 'SM-S918N',
    });
    expect(info).toMatchObject({ name: 'Samsung Internet', version: '26.0.0.52', osName: 'Android', osVersion: '14.0.0', deviceType: 'mobile', model: 'SM-S918N' });
  });

  it('maps Windows platform versions to releases', () => {
    expect([windowsRelease('0.3.0'), windowsRelease('10.0.0'), windowsRelease('13.0.0'), windowsRelease('')]).toEqual(['7/8/8.1', '10', '11', '']);
  });

  it('bounds a hostile user agent to the schema’s length', () => {
    const info = describeBrowser(`${CHROME_WINDOWS} ${'<script>'.repeat(500)}`, null);
    expect(info.userAgent).toHaveLength(1000);
    expect(BrowserInfo.safeParse(info).success).toBe(true);
  });
});
