// Evaluates CloudFormation intrinsic functions in a template value, as far as our recipes use them:
// Ref, Fn::GetAtt, Fn::Select, Fn::GetAZs, Fn::Sub, Fn::If (with AWS::NoValue), Fn::Cidr, Fn::Join,
// Fn::Split and the condition functions. Anything else fails loudly rather than guessing.
// Source: CloudFormation User Guide, intrinsic-function-reference.html.

import { computeFnCidr } from "./cidr-functions.ts";
import {
  expectInteger,
  expectString,
  expectStringArray,
  isObject,
  type JsonObject,
} from "./template-values.ts";

export interface IntrinsicContext {
  /** The value of Ref for a parameter, a pseudo parameter or a resource. */
  ref(name: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  evaluateCondition(name: string): boolean;
  availabilityZones(region: string): string[];
  /** Fn::ImportValue (another stack's export); absent: refused, as the recipes use none. */
  importValue?(name: string): unknown;
}

/** AWS::NoValue: removes the property (or list item) it stands for. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

export function resolveIntrinsics(value: unknown, context: IntrinsicContext): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, context)).filter((item) => item !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only !== undefined && (only === "Ref" || only.startsWith("Fn::") || only === "Condition")) {
    return resolveFunction(only, value[only], context);
  }
  const result: JsonObject = {};
  for (const key of keys) {
    const resolved = resolveIntrinsics(value[key], context);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

/** Evaluates a condition expression (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition). */
export function evaluateConditionExpression(value: unknown, context: IntrinsicContext): boolean {
  const result = resolveIntrinsics(value, context);
  if (typeof result !== "boolean")
    throw new Error(`A condition must evaluate to true or false, got ${JSON.stringify(result)}.`);
  return result;
}

function resolveFunction(name: string, argument: unknown, context: IntrinsicContext): unknown {
  const args = (): unknown[] => {
    if (!Array.isArray(argument)) throw new Error(`${name} takes a list, got ${JSON.stringify(argument)}.`);
    return argument;
  };
  const resolved = (index: number): unknown => resolveIntrinsics(args()[index], context);
  switch (name) {
    case "Ref":
      return expectString(argument, "Ref") === "AWS::NoValue" ? NO_VALUE : context.ref(argument as string);
    case "Condition":
      return context.evaluateCondition(expectString(argument, "Condition"));
    case "Fn::GetAtt": {
      const [logicalId, attribute] =
        typeof argument === "string"
          ? [argument.slice(0, argument.indexOf(".")), argument.slice(argument.indexOf(".") + 1)]
          : [expectString(resolved(0), "Fn::GetAtt"), expectString(resolved(1), "Fn::GetAtt")];
      return context.getAtt(logicalId, attribute);
    }
    case "Fn::If": {
      const condition = expectString(args()[0], "Fn::If condition name");
      return resolved(context.evaluateCondition(condition) ? 1 : 2);
    }
    case "Fn::Equals": {
      const [left, right] = [resolved(0), resolved(1)];
      // Parameters are strings in CloudFormation, so "2" equals 2.
      return typeof left === "object" || typeof right === "object"
        ? JSON.stringify(left) === JSON.stringify(right)
        : String(left) === String(right);
    }
    case "Fn::Not":
      return !evaluateConditionExpression(args()[0], context);
    case "Fn::And":
      return args().every((item) => evaluateConditionExpression(item, context));
    case "Fn::Or":
      return args().some((item) => evaluateConditionExpression(item, context));
    case "Fn::Select": {
      const index = expectInteger(resolved(0), "Fn::Select index");
      const list = resolved(1);
      const items = typeof list === "string" ? list.split(",") : list;
      if (!Array.isArray(items) || index < 0 || index >= items.length)
        throw new Error(`Fn::Select: index ${index} is outside ${JSON.stringify(list)}.`);
      return items[index];
    }
    case "Fn::GetAZs": {
      const region = expectString(resolveIntrinsics(argument, context), "Fn::GetAZs");
      return context.availabilityZones(
        region === "" ? expectString(context.ref("AWS::Region"), "AWS::Region") : region,
      );
    }
    case "Fn::Cidr":
      return computeFnCidr(
        expectString(resolved(0), "Fn::Cidr ipBlock"),
        expectInteger(resolved(1), "Fn::Cidr count"),
        expectInteger(resolved(2), "Fn::Cidr cidrBits"),
      );
    case "Fn::Join":
      return expectStringArray(resolved(1), "Fn::Join values").join(expectString(resolved(0), "Fn::Join"));
    case "Fn::Split":
      return expectString(resolved(1), "Fn::Split source").split(expectString(resolved(0), "Fn::Split"));
    case "Fn::Sub":
      return substitute(argument, context);
    case "Fn::ImportValue":
      if (context.importValue !== undefined)
        return context.importValue(expectString(resolveIntrinsics(argument, context), "Fn::ImportValue"));
      throw new Error(`${name} is not supported by the recipe reader.`);
    default:
      throw new Error(`${name} is not supported by the recipe reader.`);
  }
}

// Fn::Sub: "${Name}" is a Ref, "${Resource.Attribute}" a GetAtt, "${!Literal}" stays "${Literal}";
// the optional map of variables takes precedence.
function substitute(argument: unknown, context: IntrinsicContext): string {
  const [templateText, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const text = expectString(templateText, "Fn::Sub");
  const values = resolveIntrinsics(variables ?? {}, context);
  return text.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    if (inner.startsWith("!")) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (isObject(values) && name in values) return expectString(values[name], `Fn::Sub \${${name}}`);
    const dot = name.indexOf(".");
    const value =
      dot > 0 && !name.startsWith("AWS::")
        ? context.getAtt(name.slice(0, dot), name.slice(dot + 1))
        : context.ref(name);
    return expectString(value, `Fn::Sub \${${name}}`);
  });
}
