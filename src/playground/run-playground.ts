// The playground page's script (bundled by Astro/Vite into this page only): reads the situation from
// the URL, keeps the controls, the URL and the drawing in step, and diagnoses a pasted or dropped
// doctor export. Everything runs here: the page makes no network request (tests/browser/playground.test.ts).

import { traceSnapshot } from "../egress/index.ts";
import { buildScenario } from "./build-scenario.ts";
import {
  CONTROL_NAMES,
  type ControlName,
  type Controls,
  FIXED_CONTROLS,
  readControls,
  writeControls,
} from "./controls.ts";
import { diagnoseScenario } from "./diagnose.ts";
import { findPreset, type Preset } from "./presets.ts";
import { ExportError, readDoctorExport } from "./read-export.ts";
import { renderDiagnosis, type Shown } from "./render-diagnosis.ts";
import { localeOf, TEXT } from "./text.ts";

const CUSTOM = "";

export function startPlayground(root: HTMLElement): void {
  const locale = localeOf(document.documentElement.lang);
  const form = root.querySelector<HTMLFormElement>("form.pg-controls");
  const presetSelect = root.querySelector<HTMLSelectElement>("select[name=preset]");
  const summary = root.querySelector<HTMLElement>(".pg-summary");
  const details = root.querySelector<HTMLElement>(".pg-details");
  const link = root.querySelector<HTMLAnchorElement>("a.pg-link");
  const notice = root.querySelector<HTMLElement>(".pg-ignored");
  if (!form || !presetSelect || !summary || !details || !link || !notice) return;
  const select = (name: ControlName) => form.querySelector<HTMLSelectElement>(`select[name=${name}]`);

  const params = new URLSearchParams(location.search);
  let preset: Preset | undefined = findPreset(params.get("preset"));
  const initial = readControls(params, preset?.controls ?? FIXED_CONTROLS);
  let controls: Controls = initial.controls;
  const unknownPreset =
    params.has("preset") && preset === undefined ? [`preset=${params.get("preset")}`] : [];
  const ignored = [...unknownPreset, ...initial.ignored];
  if (ignored.length > 0) {
    notice.textContent = `${TEXT[locale].ui.ignored} ${ignored.join(", ")}`;
    notice.hidden = false;
  }

  const show = (updateUrl: boolean) => {
    for (const name of CONTROL_NAMES) {
      const control = select(name);
      if (control) control.value = controls[name];
    }
    const matches =
      preset !== undefined && CONTROL_NAMES.every((name) => preset?.controls[name] === controls[name]);
    presetSelect.value = matches && preset !== undefined ? preset.id : CUSTOM;
    const query = writeControls(controls, preset).toString();
    const url = `${location.pathname}${query === "" ? "" : `?${query}`}`;
    link.href = url;
    if (updateUrl) history.replaceState(null, "", url);
    draw(diagnoseScenario(buildScenario(controls)), summary, details, locale);
  };

  presetSelect.addEventListener("change", () => {
    const chosen = findPreset(presetSelect.value);
    if (chosen === undefined) return;
    preset = chosen;
    controls = { ...chosen.controls };
    show(true);
  });
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement) || target === presetSelect) return;
    const { controls: next } = readControls(new URLSearchParams([[target.name, target.value]]), controls);
    controls = next;
    show(true);
  });
  // The form only rearranges the drawing; there is nothing to submit.
  form.addEventListener("submit", (event) => event.preventDefault());
  show(ignored.length > 0);
}

export function startExportReader(root: HTMLElement): void {
  const locale = localeOf(document.documentElement.lang);
  const textarea = root.querySelector<HTMLTextAreaElement>("textarea");
  const file = root.querySelector<HTMLInputElement>("input[type=file]");
  const button = root.querySelector<HTMLButtonElement>("button.pg-diagnose");
  const summary = root.querySelector<HTMLElement>(".pg-summary");
  const details = root.querySelector<HTMLElement>(".pg-details");
  if (!textarea || !file || !button || !summary || !details) return;

  const diagnose = (text: string) => {
    try {
      const snapshot = readDoctorExport(text);
      const { verdict, traces } = traceSnapshot(snapshot);
      draw({ verdict, traces, warnings: snapshot.warnings }, summary, details, locale, snapshot.description);
    } catch (error) {
      if (!(error instanceof ExportError)) throw error;
      summary.replaceChildren(
        `${TEXT[locale].ui.exportError} `,
        Object.assign(document.createElement("span"), { lang: "en", textContent: error.message }),
      );
      summary.className = "pg-summary pg-error";
      details.replaceChildren();
    }
  };
  const readFile = async (chosen: File | undefined) => {
    if (chosen === undefined) return;
    textarea.value = await chosen.text();
    diagnose(textarea.value);
  };
  button.addEventListener("click", () => diagnose(textarea.value));
  file.addEventListener("change", () => void readFile(file.files?.[0]));
  root.addEventListener("dragover", (event) => event.preventDefault());
  root.addEventListener("drop", (event) => {
    event.preventDefault();
    void readFile(event.dataTransfer?.files[0]);
  });
}

function draw(shown: Shown, summary: HTMLElement, details: HTMLElement, locale: "en" | "ja", title?: string) {
  const drawn = renderDiagnosis(shown, locale);
  summary.className = `pg-summary ${drawn.summary.className}`;
  summary.replaceChildren(...drawn.summary.childNodes);
  summary.dataset["verdict"] = shown.verdict;
  if (title !== undefined && title !== "") {
    const heading = Object.assign(document.createElement("p"), {
      className: "pg-description",
      lang: "en",
      textContent: title,
    });
    details.replaceChildren(heading, drawn.details);
  } else details.replaceChildren(drawn.details);
}
