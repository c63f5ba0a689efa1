import type { ViewerMessage } from '../../../shared/protocol/dataChannel.js';

/**
 * Where in the video frame (0…1) a pointer event falls, given that the video is drawn with
 * `object-fit: contain` (letterboxed). Null outside the picture.
 */
export function videoPoint(video: HTMLVideoElement, clientX: number, clientY: number): { x: number; y: number } | null {
  const box = video.getBoundingClientRect();
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh || !box.width || !box.height) return null;
  const scale = Math.min(box.width / vw, box.height / vh);
  const w = vw * scale;
  const h = vh * scale;
  const x = (clientX - box.left - (box.width - w) / 2) / w;
  const y = (clientY - box.top - (box.height - h) / 2) / h;
  return x < 0 || y < 0 || x > 1 || y > 1 ? null : { x, y };
}

const BUTTONS = ['left', 'middle', 'right'] as const;

export function pointerMessage(video: HTMLVideoElement, e: PointerEvent | MouseEvent, action: 'move' | 'down' | 'up'): ViewerMessage | null {
  const at = videoPoint(video, e.clientX, e.clientY);
  if (!at) return null;
  const button = BUTTONS[e.button] ?? 'left';
  return action === 'move' ? { type: 'pointer', action, ...at } : { type: 'pointer', action, ...at, button };
}
