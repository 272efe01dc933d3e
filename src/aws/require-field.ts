// AWS documents most response fields as optional even when they are always present. A missing one
// means a response the loader cannot understand: fail with its name rather than invent a value.

export class MissingFieldError extends Error {
  override name = "MissingFieldError";
}

export function requireField<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new MissingFieldError(`The AWS response has no ${field}.`);
  return value;
}
