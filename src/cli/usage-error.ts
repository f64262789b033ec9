/** A command line the CLI cannot run (unknown command or flag, missing or malformed argument): exit code 2. */
export class UsageError extends Error {
  /** The command whose help the user should read ("" for the top level). */
  readonly command: string;

  constructor(command: string, message: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}
