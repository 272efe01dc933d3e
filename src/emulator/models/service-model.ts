// AWS's official service models for what the emulator serves, trimmed from botocore by
// scripts/extract-service-models.ts (`npm run models`) and committed next to this file, so the
// emulator needs no Python. Loaded lazily, once per process: the first request pays the parse.

import { readFileSync } from "node:fs";

export type ServiceModelName = "ec2" | "apprunner" | "sts" | "lambda" | "ecs";

/** Where each trimmed copy lives (next to this file) and which botocore file it comes from. */
export const MODEL_FILES: Record<ServiceModelName, { file: string; botocorePath: string }> = {
  ec2: { file: "ec2.json", botocorePath: "ec2/2016-11-15/service-2.json.gz" },
  apprunner: { file: "apprunner.json", botocorePath: "apprunner/2020-05-15/service-2.json.gz" },
  sts: { file: "sts.json", botocorePath: "sts/2011-06-15/service-2.json.gz" },
  lambda: { file: "lambda.json", botocorePath: "lambda/2015-03-31/service-2.json.gz" },
  ecs: { file: "ecs.json", botocorePath: "ecs/2014-11-13/service-2.json.gz" },
};

export interface MemberRef {
  shape: string;
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  idempotencyToken?: boolean;
  /** REST protocols (Lambda): where the member travels when not in the body ("uri", "querystring", "header"). */
  location?: string;
}

/** REST protocols (Lambda): how an operation is addressed ("/2015-03-31/functions/{FunctionName}"). */
export interface HttpBinding {
  method: string;
  requestUri: string;
  responseCode?: number;
}

export interface Shape {
  type:
    | "structure"
    | "list"
    | "map"
    | "string"
    | "integer"
    | "long"
    | "boolean"
    | "timestamp"
    | "double"
    | "float"
    | "blob";
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  locationName?: string;
}

export interface ServiceModel {
  /** "botocore <version> data/<service>/<version>/service-2.json.gz" */
  source: string;
  metadata: Record<string, unknown>;
  operations: Record<string, { input?: string; output?: string; resultWrapper?: string; http?: HttpBinding }>;
  shapes: Record<string, Shape>;
}

const loaded = new Map<ServiceModelName, ServiceModel>();

export function serviceModel(name: ServiceModelName): ServiceModel {
  let model = loaded.get(name);
  if (!model) {
    const url = new URL(MODEL_FILES[name].file, import.meta.url);
    model = JSON.parse(readFileSync(url, "utf8")) as ServiceModel;
    loaded.set(name, model);
  }
  return model;
}
