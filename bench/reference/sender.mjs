// The reference sender of `npm run bench:agent`: the thinnest path from the screen to a browser
// on this machine, to measure the agent against. ffmpeg's x11grab (the same input the agent
// uses) → raw I420 frames → one wrtc RTCVideoSource → one RTCPeerConnection; a data channel
// whose pointer messages go straight into one long-lived `xdotool -`. No server, no socket.io,
// no simple-peer, no validation, no adaptation. Signalling is JSON lines on stdin/stdout.
// Plain JS run by plain node: nothing between the pipe and wrtc.
// Usage: node bench/reference/sender.mjs DISPLAY WIDTH HEIGHT FPS
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import wrtc from '@roamhq/wrtc';

const [display, width, height, fps] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const env = { ...process.env, DISPLAY: display };
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const source = new wrtc.nonstandard.RTCVideoSource({ isScreencast: true });
const track = source.createTrack();
const pc = new wrtc.RTCPeerConnection();
pc.addTrack(track, new wrtc.MediaStream([track]));
const channel = pc.createDataChannel('input');
pc.onicecandidate = (e) => e.candidate && say({ type: 'candidate', candidate: { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex } });

const xdotool = spawn('xdotool', ['-'], { env, stdio: ['pipe', 'ignore', 'inherit'] });
channel.onmessage = (e) => {
  const m = JSON.parse(e.data);
  const at = `mousemove ${Math.round(Math.min(width - 1, m.x * width))} ${Math.round(Math.min(height - 1, m.y * height))}\n`;
  xdotool.stdin.write(m.action === 'move' ? at : `${at}${m.action === 'down' ? 'mousedown' : 'mouseup'} 1\n`);
};

const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', '-nostdin', '-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0', '-f', 'x11grab', '-draw_mouse', '1', '-framerate', String(fps), '-video_size', `${width}x${height}`, '-i', `${display}+0,0`, '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const frameBytes = (width * height * 3) / 2;
const frame = new Uint8Array(frameBytes);
let filled = 0;
ffmpeg.stdout.on('data', (chunk) => {
  for (let offset = 0; offset < chunk.length; ) {
    const take = Math.min(frameBytes - filled, chunk.length - offset);
    frame.set(chunk.subarray(offset, offset + take), filled);
    filled += take;
    offset += take;
    if (filled === frameBytes) {
      filled = 0;
      source.onFrame({ width, height, data: frame });
    }
  }
});

createInterface({ input: process.stdin }).on('line', async (line) => {
  const m = JSON.parse(line);
  if (m.type === 'answer') await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
  else if (m.type === 'candidate') await pc.addIceCandidate(m.candidate);
});
process.stdin.on('end', () => {
  ffmpeg.kill();
  xdotool.kill();
  pc.close();
  process.exit(0);
});

const offer = await pc.createOffer();
await pc.setLocalDescription(offer);
say({ type: 'offer', sdp: offer.sdp });
