// One error class carrying AWS's exact code, message and HTTP status. Handlers throw it; codecs
// serialise it in their protocol's shape (EC2 <Response><Errors>, JSON __type, Query <ErrorResponse>).

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** "Sender" or "Receiver" (AWS Query protocols). */
  readonly fault: "Sender" | "Receiver";

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fault = status >= 500 ? "Receiver" : "Sender";
  }
}

/** An action the emulator does not implement fails loudly, never silently succeeds. */
export function notImplemented(action: string): AwsError {
  return new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
}

export function missingParameter(name: string): AwsError {
  return new AwsError("MissingParameter", `The request must contain the parameter ${name}`, 400);
}
