/** Thrown by the runtime shape checks; its message is the same text the type level shows. */
export class ShapeError extends Error {
  override name = "ShapeError";

  constructor(message: string) {
    super(message);
  }
}
