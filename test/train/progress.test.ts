import { describe, expect, it } from "vitest";
import { formatDuration, progressBar } from "../../src/train/index.js";

function fakeStream(isTTY: boolean): { chunks: string[]; write(s: string): boolean; isTTY: boolean } {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (s: string) => chunks.push(s) > 0 };
}

/** A clock that advances `ms` per call. */
function clock(ms: number): () => number {
  let t = 0;
  return () => (t += ms);
}

describe("progressBar", () => {
  it("non-TTY: a plain line every k steps and at the end, with step/total, loss, items/s, ETA", () => {
    const stream = fakeStream(false);
    let time = 0;
    const bar = progressBar({ total: 10, stream, every: 4, label: "epoch 1", now: () => time });
    for (let i = 1; i <= 10; i++) {
      time = i * 500; // 0.5 s per step
      bar.tick({ loss: 1 / i, items: 8 });
    }
    bar.done();
    expect(stream.chunks).toHaveLength(3); // steps 4, 8 and 10
    for (const line of stream.chunks) {
      expect(line.endsWith("\n")).toBe(true);
      expect(line).not.toContain("\r");
    }
    expect(stream.chunks[0]).toBe("epoch 1 4/10 loss 0.2500 16.0 items/s ETA 0:03\n");
    expect(stream.chunks[1]).toBe("epoch 1 8/10 loss 0.1250 16.0 items/s ETA 0:01\n");
    expect(stream.chunks[2]).toBe("epoch 1 10/10 loss 0.1000 16.0 items/s elapsed 0:05\n");
  });
  it("TTY: redraws one line with \\r and a bar, ends the line on done()", () => {
    const stream = fakeStream(true);
    const bar = progressBar({ total: 4, stream, barWidth: 8, now: clock(250) });
    bar.tick({ loss: 2.5 });
    bar.tick({ loss: 1.25 });
    expect(stream.chunks).toHaveLength(2);
    expect(stream.chunks[1]!.startsWith("\r[####----] 2/4 loss 1.250 ")).toBe(true);
    expect(stream.chunks[1]).toMatch(/items\/s ETA 0:0\d/);
    bar.tick();
    bar.tick();
    bar.done();
    expect(stream.chunks[3]).toContain("[########] 4/4");
    expect(stream.chunks.at(-1)).toBe("\n");
    expect(bar.step).toBe(4);
  });
  it("tty option overrides the stream", () => {
    const stream = fakeStream(true);
    const bar = progressBar({ total: 2, stream, tty: false, every: 1, now: clock(1) });
    bar.tick();
    expect(stream.chunks[0]).toMatch(/^1\/2 .*\n$/);
  });
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(75.4)).toBe("1:15");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(NaN)).toBe("--:--");
  });
});
