/* global document, window */
// Installed by `npm run bench:agent` into the receiving page (the product's live page or the
// reference page) with page.evaluate, so it runs under neither page's CSP. It reads the one
// <video> the way the engineer sees it: frames decoded and dropped, and when the cursor shows.
(() => {
  const video = () => document.querySelector('video');
  let watch = null;
  window.benchProbe = {
    video() {
      const v = video();
      const q = v.getVideoPlaybackQuality();
      return { width: v.videoWidth, height: v.videoHeight, decoded: q.totalVideoFrames, dropped: q.droppedVideoFrames };
    },
    /** The page position of a pixel of the video (drawn with object-fit: contain). */
    clientPoint(px, py) {
      const v = video();
      const box = v.getBoundingClientRect();
      const scale = Math.min(box.width / v.videoWidth, box.height / v.videoHeight);
      return { x: box.left + (box.width - v.videoWidth * scale) / 2 + (px + 0.5) * scale, y: box.top + (box.height - v.videoHeight * scale) / 2 + (py + 0.5) * scale };
    },
    /**
     * Starts watching for the cursor at video pixel (px, py): from the first pointer event the
     * engineer makes there, each presented frame is looked at until the region just below-right
     * of that point turns bright (the X cursor drawn by the grabber on the black root window).
     */
    arm(px, py) {
      const v = video();
      const canvas = document.createElement('canvas');
      canvas.width = 10;
      canvas.height = 10;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      let since = null;
      const start = (e) => since ??= e.timeStamp;
      window.addEventListener('pointermove', start, { capture: true, once: true });
      window.addEventListener('pointerdown', start, { capture: true, once: true });
      watch = new Promise((resolve) => {
        const check = (now) => {
          if (since !== null) {
            ctx.drawImage(v, px + 1, py + 1, 10, 10, 0, 0, 10, 10);
            const d = ctx.getImageData(0, 0, 10, 10).data;
            // The cursor's white fill, on the black root; its brightest pixel survives a
            // picture scaled down by the agent's quality ladder (an average would not).
            let brightest = 0;
            for (let i = 0; i < d.length; i += 4) brightest = Math.max(brightest, d[i] + d[i + 1] + d[i + 2]);
            if (brightest > 450) return resolve(now - since);
            if (now - since > 5000) return resolve(null);
          }
          v.requestVideoFrameCallback(check);
        };
        v.requestVideoFrameCallback(check);
      });
    },
    /** Milliseconds from the pointer event to the frame showing the cursor there (null: never seen). */
    seen() {
      return watch;
    },
    /** This page's clock as milliseconds since the epoch, to line it up with the benchmark's. */
    epochNow() {
      return performance.timeOrigin + performance.now();
    },
    /** Starts waiting for the next pointer move the page gets (before the move is made). */
    armMove() {
      window.benchMove = new Promise((resolve) => window.addEventListener('pointermove', (e) => resolve(performance.timeOrigin + e.timeStamp), { capture: true, once: true }));
    },
    /** The epoch time of the move armed for (null: none came within 2 s). */
    moved() {
      return Promise.race([window.benchMove, new Promise((resolve) => setTimeout(() => resolve(null), 2000))]);
    },
  };
})();
