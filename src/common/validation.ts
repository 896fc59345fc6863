import {
  ArgumentMetadata,
  Injectable,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isUUID, validate, ValidateIf } from 'class-validator';
import { InvalidInputError } from './domain-error';
import { normaliseTextInput } from './input';

/**
 * The field may be left out, but not sent as null: a null is validated, and refused, like any other
 * value (class-validator's IsOptional lets it through to the database). Fields where null means
 * "clear this" use IsOptional.
 */
export const Optional = (): PropertyDecorator =>
  ValidateIf((_object, value) => value !== undefined);

function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const messages = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? 'errors.unknown_field' : message,
      );
      fields[path] = [...new Set(messages)];
    }
    Object.assign(fields, fieldErrors(error.children ?? [], path));
  }
  return fields;
}

/** Whitelist, forbid unknown fields, no implicit conversion; errors carry i18n keys per field. */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(fieldErrors(errors)),
  });
}

const FORM_ONLY_FIELDS = ['_csrf', 'next', 'confirm'];

/**
 * Validates an HTML form against the same DTO the API uses. Empty strings from untouched optional
 * fields become undefined; the fields a page adds on its own (CSRF token, next) are set aside; line
 * breaks become LF and other control characters are an error on their field.
 */
export async function validateForm<T extends object>(
  dto: new () => T,
  body: unknown,
): Promise<{ value: T; errors: Record<string, string[]> | null }> {
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (FORM_ONLY_FIELDS.includes(key)) continue;
    input[key] = raw === '' ? undefined : raw;
  }
  const { invalidFields } = normaliseTextInput(input);
  const value = plainToInstance(dto, input, { enableImplicitConversion: false });
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  const fields = fieldErrors(errors);
  for (const field of invalidFields) fields[field] = ['errors.control_characters'];
  return { value, errors: Object.keys(fields).length ? fields : null };
}

/**
 * A GET form sends a select left on "any" as an empty value: in a query string, empty means
 * absent, so filters are not refused for it.
 */
@Injectable()
export class EmptyQueryValuesPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'query' || typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ''));
  }
}

/** A route's record id: a UUID, else a 400 naming the parameter. One instance serves every controller. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value))
      throw new InvalidInputError({ [metadata.data ?? 'id']: ['errors.id_invalid'] });
    return value;
  }
}

export const uuid = new UuidPipe();
