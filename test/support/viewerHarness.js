/* global io, SimplePeer */
// The engineer's side for the agent tests: plain browser JS with socket.io and simple-peer's
// browser builds. (The product's viewer comes later; this harness exercises the agent alone.)
window.harness = {
  messages: [],
  peer: null,
  socket: null,
  async watch(serverUrl, token, sessionId) {
    const socket = io(`${serverUrl}/staff`, { auth: { token }, transports: ['websocket'] });
    this.socket = socket;
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const watched = await socket.emitWithAck('session:watch', { sessionId });
    if (!watched.ok) throw new Error(JSON.stringify(watched));
    this.iceServers = watched.iceServers;
    this.sessionId = sessionId;
    socket.on('signal', ({ data }) => {
      if (!this.peer) this.startPeer();
      this.peer.signal(data);
    });
    return watched.viewerId;
  },
  /** A peer signalled by the test itself, without a server: its signals go to `window.toAgent`. */
  direct() {
    this.startPeer((data) => window.toAgent(data));
  },
  startPeer(sendSignal = (data) => this.socket.emit('signal', { sessionId: this.sessionId, data }, () => {})) {
    const peer = new SimplePeer({ initiator: false, trickle: true, config: { iceServers: this.iceServers } });
    this.peer = peer;
    this.peerCreatedAt = performance.now();
    peer.on('signal', sendSignal);
    peer.on('stream', (stream) => {
      const video = document.getElementById('screen');
      video.srcObject = stream;
      void video.play();
      video.requestVideoFrameCallback(() => (this.firstFrameAt = performance.now()));
    });
    peer.on('data', (raw) => this.messages.push(JSON.parse(new TextDecoder().decode(raw))));
    peer.on('connect', () => (this.connected = true));
  },
  send(message) {
    this.peer.send(JSON.stringify(message));
  },
  video() {
    const v = document.getElementById('screen');
    const q = v.getVideoPlaybackQuality();
    return { width: v.videoWidth, height: v.videoHeight, decoded: q.totalVideoFrames, dropped: q.droppedVideoFrames, time: v.currentTime };
  },
  /**
   * A click in the page → the agent moves and clicks the X pointer → the cursor is drawn there
   * in the next captured frame → it is visible here. Resolves with the milliseconds that took.
   */
  clickLatency(nx, ny, px, py) {
    const v = document.getElementById('screen');
    const t0 = performance.now();
    this.send({ type: 'pointer', action: 'down', x: nx, y: ny, button: 'left' });
    this.send({ type: 'pointer', action: 'up', x: nx, y: ny, button: 'left' });
    return new Promise((resolve) => {
      const check = () => {
        const s = this.sample(px, py, 10, 10);
        if (s.r + s.g + s.b > 90) resolve(performance.now() - t0);
        else if (performance.now() - t0 > 5000) resolve(null);
        else v.requestVideoFrameCallback(check);
      };
      v.requestVideoFrameCallback(check);
    });
  },
  /** The average RGB of a region of the current frame, in video pixels. */
  sample(x, y, w, h) {
    const v = document.getElementById('screen');
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(v, 0, 0);
    const d = ctx.getImageData(x, y, w, h).data;
    let r = 0, g = 0, b = 0;
    for (let i = 0; i < d.length; i += 4) { r += d[i]; g += d[i + 1]; b += d[i + 2]; }
    const n = d.length / 4;
    return { r: r / n, g: g / n, b: b / n };
  },
};
