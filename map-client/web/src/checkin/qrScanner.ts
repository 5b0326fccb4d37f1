import jsQR from "jsqr";

/**
 * Reads QR codes from the camera: the rear camera's frames drawn onto a canvas a few times a second and decoded by jsQR.
 * Each distinct code is reported once until another code (or nothing) has been seen, so a code held in front of the
 * camera is not scanned twice.
 */
export class QrScanner {
  private stream: MediaStream | null = null;
  private timer = 0;
  private last = "";
  private readonly canvas = document.createElement("canvas");

  constructor(private readonly video: HTMLVideoElement, private readonly onCode: (text: string) => void) {}

  get running(): boolean { return this.stream !== null; }

  async start(): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    this.video.srcObject = this.stream;
    this.video.setAttribute("playsinline", "");
    await this.video.play();
    this.timer = window.setInterval(() => this.tick(), 200);
  }

  stop(): void {
    window.clearInterval(this.timer);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.last = "";
  }

  /** Forget the last code, so the same card can be scanned again (e.g. for the other mode). */
  reset(): void { this.last = ""; }

  private tick(): void {
    const w = this.video.videoWidth, h = this.video.videoHeight;
    if (!w || !h) return;
    this.canvas.width = w;
    this.canvas.height = h;
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true })!;
    ctx.drawImage(this.video, 0, 0, w, h);
    const code = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
    const text = code?.data ?? "";
    if (text && text !== this.last) this.onCode(text);
    if (text) this.last = text;
  }
}
