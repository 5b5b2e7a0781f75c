/**
 * A growable byte buffer for a worksheet's markup, which is all ASCII (text lives in the shared strings):
 * writing bytes straight into it is several times faster than building the strings and leaves almost
 * nothing for the garbage collector.
 */
export class AsciiBytes {
  private bytes: Buffer;
  private start: number;
  length: number;

  /** Room for `capacity` bytes (it grows), after `headroom` bytes kept free for `prepend`. */
  constructor(capacity: number, headroom: number) {
    this.bytes = Buffer.allocUnsafe(headroom + capacity);
    this.start = this.length = headroom;
  }

  private room(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  /** Bytes already encoded. */
  put(chunk: Uint8Array) {
    this.room(chunk.length);
    const b = this.bytes;
    let p = this.length;
    for (let i = 0; i < chunk.length; i++) b[p++] = chunk[i]!;
    this.length = p;
  }

  /** ASCII text (markup, or a number as text). */
  text(s: string) {
    this.room(s.length);
    const b = this.bytes;
    let p = this.length;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.length = p;
  }

  /** A whole number from 0 up, in decimal; returns how many digits. */
  digits(n: number): number {
    let size = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) size++;
    this.room(size);
    const b = this.bytes;
    let p = this.length + size;
    this.length = p;
    let rest = n;
    do {
      b[--p] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
    return size;
  }

  /** ASCII text before everything written so far (it throws if the headroom is too small). */
  prepend(s: string) {
    this.start -= s.length;
    this.bytes.write(s, this.start, "latin1");
  }

  /** The bytes written (a view, not a copy). */
  written(): Buffer {
    return this.bytes.subarray(this.start, this.length);
  }
}
