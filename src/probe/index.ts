// Public API of the probe shared by the labs and the emulator.

export {
  type InstanceProbeOptions,
  parseInstanceProbeScript,
  renderInstanceProbeScript,
} from "./instance-probe.ts";
export {
  buildProbeAppEnvironment,
  PROBE_APP_ENV,
  PROBE_APP_PORT,
  PROBE_APP_SOURCE,
  PROBE_APP_START_COMMAND,
} from "./probe-app.ts";
export {
  findProbeResultInConsole,
  PROBE_RESULT_PREFIX,
  type ProbeResult,
  type ProbeStep,
  parseProbeResult,
} from "./probe-result.ts";
