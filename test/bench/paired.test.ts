/**
 * The bench's paired steps (scripts/bench/paired.ts): the order alternates, each pair's ratio is taken, and the serve
 * protocol works with the real child (run-one.ts) and fails with the child's reason. No timing is asserted: the
 * servers here report the times they are told to.
 */
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { describe, expect, it } from "vitest";
import { type StepServer, type StepTimes, pairOrder, pairedRatio, pinned, quantile, runPairs, startServer } from "../../scripts/bench/paired.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A server that reports `walls` in turn and logs which server stepped, in order. */
function scripted(name: string, walls: readonly number[], log: string[]): StepServer {
  let i = 0;
  return {
    system: name,
    runtime: undefined,
    step: async (): Promise<StepTimes> => {
      log.push(name);
      const wall = walls[i++ % walls.length]!;
      return { wall, cpu: wall };
    },
    close: async () => {},
  };
}

/** A Node child serving the protocol from a script: ready, then one reply per step from `replies`. */
function echoServer(ready: object, replies: readonly object[]): Promise<StepServer> {
  const script = `
    const rl = require("node:readline").createInterface({ input: process.stdin });
    console.log("a line that is not JSON is ignored");
    console.log(${JSON.stringify(JSON.stringify(ready))});
    const replies = ${JSON.stringify(replies)};
    let i = 0;
    rl.on("line", (l) => { if (l !== "step") { rl.close(); return; } console.log(JSON.stringify(replies[i++ % replies.length])); });
  `;
  return startServer(process.execPath, ["-e", script], { cwd: repoRoot });
}

describe("paired steps", () => {
  it("alternates which system goes first", () => {
    expect([0, 1, 2, 3].map(pairOrder)).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it("takes quantiles by nearest rank and rejects no values", () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(() => quantile([], 0.5)).toThrow(/no values/);
  });

  it("divides each pair's peer step by shapeproof's, not the medians", () => {
    // medians 20 and 20 (ratio of medians 1), but every pair's ratio is 2 or 0.5
    const r = pairedRatio([10, 40, 20, 10, 40], [20, 20, 40, 20, 20]);
    expect(r.ratios).toEqual([2, 0.5, 2, 2, 0.5]);
    expect(r.median).toBe(2);
    expect(r.q1).toBe(0.5);
    expect(r.q3).toBe(2);
    expect(() => pairedRatio([1, 2], [1])).toThrow(/2 and 1 steps/);
    expect(() => pairedRatio([], [])).toThrow(/at least 1/);
  });

  it("runs the pairs in alternating order and returns each system's steps in pair order", async () => {
    const log: string[] = [];
    const [a, b] = await runPairs([scripted("mine", [10, 11, 12], log), scripted("peer", [20, 21, 22], log)], 3, 0);
    expect(log).toEqual(["mine", "peer", "peer", "mine", "mine", "peer"]);
    expect(a.map((t) => t.wall)).toEqual([10, 11, 12]);
    expect(b.map((t) => t.wall)).toEqual([20, 21, 22]);
  });

  it("speaks the protocol with a child: ready line, one reply per step, end", async () => {
    const server = await echoServer({ ready: true, system: "echo 2t", runtime: "test" }, [{ wall: 3, cpu: 5 }]);
    expect(server.system).toBe("echo 2t");
    expect(server.runtime).toBe("test");
    expect(await server.step()).toEqual({ wall: 3, cpu: 5 });
    expect(await server.step()).toEqual({ wall: 3, cpu: 5 });
    await server.close();
  });

  it("rejects with the child's reason when it cannot serve, or with its stderr when it dies", async () => {
    await expect(echoServer({ skip: "runs inference only" }, [])).rejects.toThrow("runs inference only");
    const dying = startServer(process.execPath, ["-e", 'console.error("no such workload"); process.exit(2)'], { cwd: repoRoot });
    await expect(dying).rejects.toThrow(/exited: no such workload/);
  });

  it("pins a server to one CPU when asked (every thread of it), and leaves it to the scheduler otherwise", async () => {
    // the child names the CPUs it may run on as its system
    const script = `
      const cpus = require("node:fs").readFileSync("/proc/self/status", "utf8").match(/Cpus_allowed_list:\\s*(\\S+)/)[1];
      console.log(JSON.stringify({ ready: true, system: cpus }));
      require("node:readline").createInterface({ input: process.stdin }).on("line", () => process.exit(0));
    `;
    const ours = readFileSync("/proc/self/status", "utf8").match(/Cpus_allowed_list:\s*(\S+)/)![1];
    const last = cpus().length - 1;
    const free = await startServer(process.execPath, ["-e", script], { cwd: repoRoot });
    const onLast = await startServer(process.execPath, ["-e", script], { cwd: repoRoot, cpu: last });
    expect([free.system, onLast.system]).toEqual([ours, String(last)]);
    await Promise.all([free.close(), onLast.close()]);
    expect(pinned("node", ["a"], undefined)).toEqual(["node", ["a"]]);
    expect(pinned("node", ["a"], 1)).toEqual(["taskset", ["-c", "1", "node", "a"]]);
  });

  it("serves a real workload from run-one.ts", async () => {
    const runOne = fileURLToPath(new URL("../../scripts/bench/run-one.ts", import.meta.url));
    const server = await startServer(process.execPath, ["--import", "tsx", runOne, "shapeproof wasm 1t", "W6", "serve", "0"], { cwd: repoRoot });
    try {
      expect(server.system).toBe("shapeproof wasm 1t");
      expect(server.runtime).toMatch(/^Node \d+\.\d+\.\d+, /);
      const t = await server.step();
      expect(t.wall).toBeGreaterThan(0);
      expect(t.cpu).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});
