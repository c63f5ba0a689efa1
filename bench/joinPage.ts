import { buildClips } from '../server/check/clipBuild.js';
import { CHECK_CLIPS_DIST } from '../server/check/clipManifest.js';
import { percentile } from '../server/stats/monthly.js';
import { consent, firstFrame, launchUserChromium, openJoinPage } from '../test/support/joinPage.js';
import { contactedCase, openSession, startLiveServer } from '../test/support/live.js';
import { closeSockets } from '../test/support/realtime.js';
import { openAs, webBrowser } from '../test/support/web.js';
import { startXvfb } from '../test/support/xvfb.js';

/**
 * The join page end to end on this machine, as the end user lives it: from the moment the code
 * is typed (the "Continue" click) to the engineer's first frame of the user's screen, and the
 * video-playback check's total time from the click to "Done" on the page (the server has stored
 * and evaluated it by then). The user's browser is a headed Chromium under Xvfb sharing the whole
 * display (`--auto-select-desktop-capture-source`), the engineer's live page a headless one; the
 * consent's name is typed and clicked by Playwright at once, so the time a person takes to read
 * and sign is not in the figures. The check runs while the screen is shared, as it would in a
 * session. `npm run bench:join-page` (needs Xvfb, Chromium and ffmpeg).
 */
const RUNS = 5;

interface Run {
  consentShownMs: number;
  sessionMs: number;
  firstFrameMs: number;
  checkMs: number;
}

async function main(): Promise<void> {
  await buildClips(CHECK_CLIPS_DIST);
  const x = await startXvfb(1280, 720);
  const f = await startLiveServer(undefined, { RA_LOG_LEVEL: 'silent' });
  const [userBrowser, staffBrowser] = await Promise.all([launchUserChromium(x), webBrowser()]);
  const runs: Run[] = [];
  try {
    for (let i = 1; i <= RUNS; i++) {
      const { sessionId, code } = await openSession(f, await contactedCase(f));
      const engineer = await openAs(staffBrowser, f.server, 'eng1');
      await engineer.page.goto(`${f.server.url}/sessions/${sessionId}`);
      await engineer.page.locator('.live-status', { hasText: 'Waiting' }).waitFor();
      const user = await openJoinPage(userBrowser, f.server, { viewport: null });
      await user.page.getByLabel('The 9-digit code').fill(code);

      const start = performance.now();
      await user.page.getByRole('button', { name: 'Continue' }).click();
      await user.page.getByRole('button', { name: 'I consent' }).waitFor();
      const consentShownMs = performance.now() - start;
      await consent(user.page);
      await user.page.getByRole('button', { name: 'Share my screen (view only)' }).click();
      const sessionMs = performance.now() - start;
      await firstFrame(engineer.page);
      const firstFrameMs = performance.now() - start;

      const checkStart = performance.now();
      await user.page.getByRole('button', { name: 'Check video playback' }).click();
      await user.page.getByTestId('check-result').waitFor({ timeout: 60_000 });
      const checkMs = performance.now() - checkStart;
      runs.push({ consentShownMs, sessionMs, firstFrameMs, checkMs });
      console.log(`run ${i}: consent shown ${Math.round(consentShownMs)} ms, sharing asked ${Math.round(sessionMs)} ms, engineer's first frame ${Math.round(firstFrameMs)} ms; playback check ${Math.round(checkMs)} ms`);
      await user.page.getByRole('button', { name: 'Stop sharing and end the session' }).click();
      await user.page.getByTestId('ended').waitFor();
      await user.context.close();
      await engineer.context.close();
      closeSockets();
    }
  } finally {
    await userBrowser.close();
    await staffBrowser.close();
    await f.server.close();
    await x.stop();
  }
  const line = (label: string, values: number[]) => {
    const sorted = values.map(Math.round).sort((a, b) => a - b);
    console.log(`${label.padEnd(34)} median ${percentile(sorted, 50)} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms`);
  };
  console.log(`\nover ${RUNS} runs:`);
  line('code typed → consent shown', runs.map((r) => r.consentShownMs));
  line('code typed → engineer’s first frame', runs.map((r) => r.firstFrameMs));
  line('playback check, click → done', runs.map((r) => r.checkMs));
}

await main();
