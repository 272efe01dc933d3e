// Public API of the probe shared by the labs and the emulator.

export {
  type InstanceProbeOptions,
  parseInstanceProbeScript,
  renderInstanceProbeScript,
} from "./instance-probe.ts";
export {
  buildProbeAppEnvironment,
  PROBE_APP_MODULE_URL,
  PROBE_APP_PORT,
  PROBE_APP_SOURCE,
} from "./probe-app.ts";
export {
  findProbeResultInConsole,
  PROBE_RESULT_PREFIX,
  type ProbeResult,
  type ProbeStep,
  parseProbeResult,
} from "./probe-result.ts";
