import type { FormValidation, RJSFValidationError } from '@rjsf/utils';
import { sentence } from '../lib/errors';
import { validateCustomFields, type FieldValidationContext } from '../fields/validators';

/**
 * Ajv's messages ("must have required property 'name'", "must match pattern \"^x$\"") reworded
 * for the person filling the form; they show under the field they are about, so they need not
 * name it.
 */
export function transformErrors(errors: RJSFValidationError[]): RJSFValidationError[] {
  // A value failing inside one branch of `oneOf`/`dependencies` also fails the branches not
  // taken ("must be equal to constant" on the discriminator) and the `oneOf` as a whole. Those
  // echoes only confuse: keep them only when nothing else explains the refusal.
  const real = errors.filter(error => !isBranchEcho(error));
  return (real.length > 0 ? real : errors).map(error => ({
    ...error,
    message: friendlyMessage(error),
  }));
}

function isBranchEcho(error: RJSFValidationError): boolean {
  if (error.name === 'oneOf' || error.name === 'anyOf' || error.name === 'if') return true;
  return error.name === 'const' && /\/(oneOf|anyOf|dependencies)\//.test(error.schemaPath ?? '');
}

/** Errors about the page as a whole (no field to show them under). */
export function pageLevelErrors(errors: RJSFValidationError[]): string[] {
  return errors
    .filter(error => !error.property || error.property === '.')
    .map(error => error.message ?? '')
    .filter(Boolean);
}

function friendlyMessage(error: RJSFValidationError): string {
  const params = (error.params ?? {}) as Record<string, unknown>;
  switch (error.name) {
    case 'required':
      return 'This field is required.';
    case 'pattern':
      return `Must match the pattern ${String(params.pattern)}.`;
    case 'minLength':
      return `Must be at least ${plural(params.limit, 'character')}.`;
    case 'maxLength':
      return `Must be at most ${plural(params.limit, 'character')}.`;
    case 'minimum':
      return `Must be ${String(params.limit)} or more.`;
    case 'maximum':
      return `Must be ${String(params.limit)} or less.`;
    case 'minItems':
      return `Choose at least ${plural(params.limit, 'item')}.`;
    case 'maxItems':
      return `Choose at most ${plural(params.limit, 'item')}.`;
    case 'enum':
      return 'Choose one of the listed values.';
    case 'oneOf':
    case 'anyOf':
      return 'These values do not fit any of the choices this template allows.';
    case 'format':
      return `Must be a valid ${String(params.format)}.`;
    case 'type':
      return `Must be ${article(String(params.type))}.`;
    default:
      return sentence(error.message ?? 'This value is not valid.');
  }
}

function plural(count: unknown, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** RJSF's `customValidate`: the custom fields' own checks, each error at its field. */
export function createCustomValidate(getContext: () => FieldValidationContext) {
  return <T>(formData: T | undefined, errors: FormValidation<T>, uiSchema?: unknown) => {
    validateCustomFields(formData, uiSchema, getContext(), (path, message) => {
      errorNode(errors, path).addError(message);
    });
    return errors;
  };
}

interface ErrorNode {
  __errors?: string[];
  addError: (message: string) => void;
  [key: string]: unknown;
}

/** The node of RJSF's error tree at `path`, made when RJSF has none there yet. */
function errorNode(root: unknown, path: ReadonlyArray<string | number>): ErrorNode {
  let node = root as Record<string, unknown>;
  for (const key of path) {
    const child = node[key];
    if (typeof child === 'object' && child !== null && 'addError' in child) {
      node = child as Record<string, unknown>;
    } else {
      const created: ErrorNode = {
        __errors: [],
        addError(message: string) {
          this.__errors?.push(message);
        },
      };
      node[key] = created;
      node = created;
    }
  }
  return node as ErrorNode;
}
