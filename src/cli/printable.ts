/**
 * A file's strings (tensor names, metadata) made safe to print: C0/C1 control characters (which could move the
 * cursor or rewrite a terminal's screen) shown as `\u{…}` escapes.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point (terminal escapes).
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
