// Parses a CloudFormation YAML template into the JSON form, turning the short-form intrinsic tags
// (!Ref, !GetAtt, !Sub...) into their long form ({"Ref": ...}, {"Fn::GetAtt": [...]}).
// Source: CloudFormation User Guide, intrinsic-function-reference.html (short form syntax).

import { parse, type Tags } from "yaml";

const SEQUENCE_FUNCTIONS = [
  "And",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAtt",
  "If",
  "Join",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
];
const SCALAR_FUNCTIONS = ["Base64", "GetAZs", "ImportValue", "Sub"];

function buildTags(): Tags {
  const tags: Tags = [
    { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
    { tag: "!Condition", resolve: (value: string) => ({ Condition: value }) },
    // !GetAtt Resource.Attribute: the first dot separates the resource from the attribute.
    {
      tag: "!GetAtt",
      resolve: (value: string) => {
        const dot = value.indexOf(".");
        return { "Fn::GetAtt": [value.slice(0, dot), value.slice(dot + 1)] };
      },
    },
  ];
  for (const name of SEQUENCE_FUNCTIONS) {
    tags.push({
      tag: `!${name}`,
      collection: "seq",
      resolve: (sequence) => ({ [`Fn::${name}`]: sequence.toJSON() }),
    });
  }
  for (const name of SCALAR_FUNCTIONS) {
    tags.push({ tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) });
  }
  return tags;
}

export function parseCloudFormationYaml(text: string): unknown {
  return parse(text, { customTags: buildTags() });
}
