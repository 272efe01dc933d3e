// Test-only control routes under /_emulator/: state dump, reset, faults, clock, account settings
// and the log of API calls. JSON in, JSON out.

import { FAST_PROFILE, REALISTIC_PROFILE, scaleProfile } from "./clock.ts";
import type { Emulator } from "./emulator.ts";
import type { FaultConfig } from "./faults.ts";

export interface ControlReply {
  status: number;
  body: unknown;
}

export function handleControl(emulator: Emulator, method: string, path: string, body: string): ControlReply {
  let input: Record<string, unknown> = {};
  if (body.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        input = parsed as Record<string, unknown>;
      } else {
        return { status: 400, body: { error: "expected a JSON object" } };
      }
    } catch {
      return { status: 400, body: { error: "malformed JSON" } };
    }
  }
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /_emulator/health":
      return { status: 200, body: { ok: true } };
    case "GET /_emulator/state":
      return {
        status: 200,
        body: {
          ...accountSettings(emulator),
          now: new Date(emulator.clock.now()).toISOString(),
          delays: emulator.clock.delays,
          faults: emulator.faults.config,
          regions: Object.fromEntries(emulator.regions().map((r) => [r.region, r])),
        },
      };
    case "POST /_emulator/reset":
      emulator.reset();
      return { status: 200, body: { reset: true } };
    case "POST /_emulator/faults":
      emulator.faults.configure(input as Partial<FaultConfig>);
      return { status: 200, body: emulator.faults.config };
    case "POST /_emulator/clock": {
      const { advanceMs, profile, factor, delays } = input;
      if (profile !== undefined) {
        const base = profile === "realistic" ? REALISTIC_PROFILE : profile === "fast" ? FAST_PROFILE : null;
        if (!base) return { status: 400, body: { error: "profile must be 'fast' or 'realistic'" } };
        emulator.clock.delays = scaleProfile(base, typeof factor === "number" ? factor : 1);
      }
      // Single transitions on top of the profile, for example a long connectorInUseAfterService.
      if (delays !== undefined) {
        const given = typeof delays === "object" && delays !== null ? Object.entries(delays) : [];
        const known = Object.keys(emulator.clock.delays);
        const bad = given.filter(([name, ms]) => !known.includes(name) || typeof ms !== "number" || ms < 0);
        if (given.length === 0 || bad.length > 0)
          return {
            status: 400,
            body: { error: `delays must map transitions (${known.join(", ")}) to ms >= 0` },
          };
        emulator.clock.delays = { ...emulator.clock.delays, ...(delays as Record<string, number>) };
      }
      if (typeof advanceMs === "number") emulator.clock.advance(advanceMs);
      return {
        status: 200,
        body: { now: new Date(emulator.clock.now()).toISOString(), delays: emulator.clock.delays },
      };
    }
    case "POST /_emulator/account":
      if (typeof input["appRunnerCustomer"] === "boolean")
        emulator.appRunnerCustomer = input["appRunnerCustomer"];
      if (typeof input["quotas"] === "object" && input["quotas"] !== null) {
        const quotas = input["quotas"] as Record<string, unknown>;
        for (const key of ["vpcsPerRegion", "elasticIpsPerRegion", "rulesPerSecurityGroup"] as const) {
          const value = quotas[key];
          if (typeof value === "number" && Number.isInteger(value) && value >= 0)
            emulator.quotas[key] = value;
        }
      }
      if (input["unsupportedConnectorZones"] !== undefined) {
        const zones = input["unsupportedConnectorZones"];
        if (!Array.isArray(zones) || !zones.every((zone) => typeof zone === "string"))
          return { status: 400, body: { error: "unsupportedConnectorZones must be an array of strings" } };
        emulator.unsupportedConnectorZones = [...zones];
      }
      if (input["unofferedInstanceTypeZones"] !== undefined) {
        const zones = input["unofferedInstanceTypeZones"];
        if (!Array.isArray(zones) || !zones.every((zone) => typeof zone === "string"))
          return { status: 400, body: { error: "unofferedInstanceTypeZones must be an array of strings" } };
        emulator.unofferedInstanceTypeZones = [...zones];
      }
      if (input["deniedActions"] !== undefined) {
        const denied = input["deniedActions"];
        if (!Array.isArray(denied) || !denied.every((action) => typeof action === "string"))
          return { status: 400, body: { error: "deniedActions must be an array of strings" } };
        emulator.deniedActions = [...denied];
      }
      return {
        status: 200,
        body: accountSettings(emulator),
      };
    case "GET /_emulator/calls":
      return { status: 200, body: emulator.calls };
    case "DELETE /_emulator/calls":
      emulator.calls.length = 0;
      return { status: 200, body: { cleared: true } };
    default:
      return { status: 404, body: { error: `unknown control route ${route}` } };
  }
}

function accountSettings(emulator: Emulator) {
  return {
    accountId: emulator.accountId,
    appRunnerCustomer: emulator.appRunnerCustomer,
    quotas: emulator.quotas,
    unsupportedConnectorZones: emulator.unsupportedConnectorZones,
    deniedActions: emulator.deniedActions,
    unofferedInstanceTypeZones: emulator.unofferedInstanceTypeZones,
  };
}
