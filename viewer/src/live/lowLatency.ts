/**
 * The engineer works the user's PC through the video, so a frame is worth most the moment it
 * is decoded: the receiver is asked to hold none back (`jitterBufferTarget` 0 ms; the older
 * `playoutDelayHint` where that is missing). A video element playing a MediaStream keeps no
 * buffer of its own, so nothing else waits in the page.
 */
export function playAtOnce(receiver: RTCRtpReceiver): void {
  if ('jitterBufferTarget' in receiver) receiver.jitterBufferTarget = 0;
  else if ('playoutDelayHint' in receiver) Object.assign(receiver, { playoutDelayHint: 0 });
}

/**
 * The browser's WebRTC classes for simple-peer (its `wrtc` option), with a peer connection whose
 * receivers play at once. simple-peer gives no receiver; the `track` event does.
 */
export function lowLatencyWebRtc() {
  class LowLatencyPeerConnection extends RTCPeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      this.addEventListener('track', (event) => playAtOnce(event.receiver));
    }
  }
  return { RTCPeerConnection: LowLatencyPeerConnection, RTCSessionDescription, RTCIceCandidate };
}
