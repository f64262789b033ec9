/** One row of a model summary. */
export interface SummaryRow {
  readonly layer: string;
  readonly shape: readonly number[];
  readonly params: number;
}

/** A torchinfo-like table: layer, output shape, parameter count, then totals and parameter memory. */
export function formatSummary(title: string, rows: readonly SummaryRow[], bytesPerParam: number): string {
  const header = ["Layer (type)", "Output shape", "Param #"];
  const cells = rows.map((r) => [r.layer, `[${r.shape.join(", ")}]`, r.params.toLocaleString("en-US")]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => `${c[0]!.padEnd(widths[0]!)}  ${c[1]!.padEnd(widths[1]!)}  ${c[2]!.padStart(widths[2]!)}`;
  const rule = "=".repeat(widths.reduce((a, b) => a + b + 2, -2));
  const total = rows.reduce((a, r) => a + r.params, 0);
  return [
    title,
    rule,
    line(header),
    rule,
    ...cells.map(line),
    rule,
    `Total params: ${total.toLocaleString("en-US")}`,
    `Params size (MB): ${((total * bytesPerParam) / 1e6).toFixed(2)}`,
    rule,
  ].join("\n");
}
