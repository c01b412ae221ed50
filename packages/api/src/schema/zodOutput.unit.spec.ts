import {
  type GraphQLType,
  getNamedType,
  isInputObjectType,
  isListType,
  isNamedType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './index.ts';

/**
 * A policy document reads back as its publish input: the generated object type has the fields
 * of the input type, of the same types and nullability, all the way down. Two kinds of values
 * read as shared object types instead: a ladder requirement (the checklists' `Requirement`,
 * whose `kind` names the `@oneOf` field to send) and a calibration bin.
 */
const SHARED: Record<string, string> = {
  Requirement: 'LadderRequirementInput',
  CalibrationBin: 'RetentionCalibrationBinInput',
};

/** The type's shape as a string: list and non-null wrappers around the named type. */
function shape(type: GraphQLType, named: (name: string) => string): string {
  if (isNonNullType(type)) return `${shape(type.ofType, named)}!`;
  if (isListType(type)) return `[${shape(type.ofType, named)}]`;
  return isNamedType(type) ? named(type.name) : '?';
}

function mismatches(output: string, input: string, seen = new Set<string>()): string[] {
  if (seen.has(output)) return [];
  seen.add(output);
  const out = schema.getType(output);
  const inp = schema.getType(input);
  if (!isObjectType(out) || !isInputObjectType(inp))
    return [`${output} / ${input}: not an object and an input`];
  const outFields = out.getFields();
  const inFields = inp.getFields();
  const problems: string[] = [];
  const names = [...new Set([...Object.keys(outFields), ...Object.keys(inFields)])].sort();
  for (const name of names) {
    const o = outFields[name];
    const i = inFields[name];
    if (!o || !i) {
      problems.push(`${output}.${name}: only in ${o ? output : input}`);
      continue;
    }
    const outShape = shape(o.type, (n) => n);
    const inShape = shape(i.type, (n) => n);
    const expected = outShape.replace(/[A-Za-z0-9_]+/, (n) =>
      isObjectType(schema.getType(n)) ? (SHARED[n] ?? `${n}Input`) : n,
    );
    if (expected !== inShape) problems.push(`${output}.${name}: ${outShape} against ${inShape}`);
    const named = getNamedType(o.type).name;
    if (isObjectType(schema.getType(named)) && !SHARED[named]) {
      problems.push(...mismatches(named, `${named}Input`, seen));
    }
  }
  return problems;
}

/** The fields of a trained retention model that the product measured, not a publisher. */
const MEASURED = ['metrics', 'training'];

describe('PolicyDocument', () => {
  const union = schema.getType('PolicyDocument');

  it('is the union of the eight documents', () => {
    expect(
      isUnionType(union)
        ? union
            .getTypes()
            .map((t) => t.name)
            .sort()
        : [],
    ).toEqual([
      'CommissionPlan',
      'CoursePolicy',
      'FieldRules',
      'Ladder',
      'ProbationPolicy',
      'RetentionModel',
      'ScoringPolicy',
      'TargetPolicy',
    ]);
  });

  it.each(['ScoringPolicy', 'Ladder', 'CommissionPlan', 'CoursePolicy', 'TargetPolicy'])(
    '%s has the fields and types of its publish input',
    (name) => {
      expect(mismatches(name, `${name}Input`)).toEqual([]);
    },
  );

  it('RetentionModel reads back what a publisher sends, plus what the product measured', () => {
    // A publisher sends a model without metrics; a trained model carries the measured ones.
    const problems = mismatches('RetentionModel', 'RetentionModelModelInput');
    const measured = problems.flatMap(
      (p) => /^RetentionModel\.(\w+): only in RetentionModel$/.exec(p)?.[1] ?? [],
    );
    expect(problems.filter((p) => !/: only in RetentionModel$/.test(p))).toEqual([]);
    expect(measured.sort()).toEqual(MEASURED);
  });
});
