// Where the probes try to connect: AWS's own "what is my IP" service on HTTPS. Using the same host
// the probe asks for its public address keeps the lab to one outside name.

export const PROBE_DESTINATION = { host: "checkip.amazonaws.com", port: 443 } as const;
