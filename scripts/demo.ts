/**
 * `npm run demo [-- --steps 300 --out DIR ...]`: the end-to-end segmentation demo, exactly `shapeproof demo`
 * (src/cli.ts → src/demo/segmentation-demo.ts). Exits 1 when the held-out IoU misses its target.
 */
import { main, processIO } from "../src/cli.js";

process.exitCode = await main(["demo", ...process.argv.slice(2)], processIO);
