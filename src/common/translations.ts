import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type as NestedType } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LOCALES, Locale } from './roles';
import { Optional } from './validation';

/**
 * Content in English, French and Spanish, one way for every text that has it (a consultation and
 * its sessions now; calls for input, outcomes and action points later): the text fields hold the
 * original, written in `language`, and `translations` holds any of them in the other languages.
 */

/** Some of an entity's text fields, in one language. */
export type TextSet<F extends string> = Partial<Record<F, string>>;

/** `{ en?, fr?, es? }`, each a partial set of the text fields. */
export type Translations<F extends string> = Partial<Record<Locale, TextSet<F>>>;

/** An entity whose `fields` are written in `language`, with their translations. */
export type Translatable<F extends string> = { [K in F]: string } & {
  language: Locale;
  translations?: Translations<F> | null;
};

/** A text as shown to one reader, and the language it is actually in. */
export interface Localised {
  text: string;
  lang: Locale;
}

/**
 * Each of `fields` in the reader's language when it has been translated into it, otherwise the
 * original. `lang` says which: a page or mail marks the element with it when it is not its own
 * language, so that a screen reader switches voice.
 */
export function localise<F extends string>(
  entity: Translatable<F>,
  fields: readonly F[],
  locale: Locale,
): Record<F, Localised> {
  const translated = locale === entity.language ? undefined : entity.translations?.[locale];
  const out = {} as Record<F, Localised>;
  for (const field of fields) {
    const text = translated?.[field];
    out[field] = text ? { text, lang: locale } : { text: entity[field], lang: entity.language };
  }
  return out;
}

/** A view model's form of localise: `title` the text shown, `titleLang` its language, and so on. */
export type LocalisedFields<F extends string> = { [K in F]: string } & {
  [K in F as `${K}Lang`]: Locale;
};

export function localisedFields<F extends string>(
  entity: Translatable<F>,
  fields: readonly F[],
  locale: Locale,
): LocalisedFields<F> {
  const shown = localise(entity, fields, locale);
  const out: Record<string, string> = {};
  for (const field of fields) {
    out[field] = shown[field].text;
    out[`${field}Lang`] = shown[field].lang;
  }
  return out as LocalisedFields<F>;
}

/**
 * Translations as they are stored and answered: languages in a fixed order, each with only the
 * fields that have text, and no language without any.
 */
export function compactTranslations<F extends string>(
  translations: Translations<F> | null | undefined,
  fields: readonly F[],
): Translations<F> {
  const out: Translations<F> = {};
  for (const language of LOCALES) {
    const set = translations?.[language];
    if (!set) continue;
    const kept: TextSet<F> = {};
    for (const field of fields) {
      const text = set[field];
      if (typeof text === 'string' && text.trim()) kept[field] = text;
    }
    if (Object.keys(kept).length) out[language] = kept;
  }
  return out;
}

/**
 * The error of a translation into the original's own language (the text fields already hold it),
 * keyed by its path, or none.
 */
export function translationIntoOriginal(
  language: Locale,
  translations: Partial<Record<Locale, object>> | null | undefined,
  path = 'translations',
): Record<string, string[]> {
  return Object.values(translations?.[language] ?? {}).some(
    (text) => typeof text === 'string' && text.trim(),
  )
    ? { [`${path}.${language}`]: ['errors.translation_is_original'] }
    : {};
}

const blankIsAbsent = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * A translated text field of a DTO: may be left out; surrounding spaces are dropped and an empty
 * text counts as absent; at most `maxLength` characters, the original field's limit.
 */
export function TranslatedText(maxLength: number, message: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ required: false, maxLength }),
    Transform(blankIsAbsent),
    Optional(),
    IsString({ message }),
    MaxLength(maxLength, { message }),
  );
}

const INVALID = 'errors.translations_invalid';

/** An object-valued field validated as `type`, its unknown fields refused; may be left out. */
function nested(type: () => Type<unknown>, api: Parameters<typeof ApiProperty>[0]) {
  return applyDecorators(
    ApiProperty(api),
    Optional(),
    IsObject({ message: INVALID }),
    ValidateNested({ message: INVALID }),
    NestedType(type),
  );
}

/**
 * The DTO of `{ en?, fr?, es? }`, each a partial set of `text`'s fields (declared with
 * TranslatedText); any other language is refused. Extend it to name it:
 * `class ConsultationTranslationsDto extends TranslationsDto(ConsultationTextDto) {}`.
 */
export function TranslationsDto<T>(text: Type<T>): Type<Partial<Record<Locale, T>>> {
  class Translated {}
  for (const language of LOCALES) {
    nested(() => text, { required: false, type: text })(Translated.prototype, language);
  }
  return Translated as Type<Partial<Record<Locale, T>>>;
}

/** The `translations` field of a DTO, of a class made by TranslationsDto. */
export const TranslationsField = (type: Type<unknown>): PropertyDecorator =>
  nested(() => type, {
    required: false,
    type,
    description:
      'The text in other languages than `language`; any field may be left out. Replaces the previous translations.',
  });

/**
 * The answer's `{ en?, fr?, es? }` of `text` (a response class with optional fields): a language is
 * present when at least one of its fields is translated.
 */
export function TranslationsResponse<T>(text: Type<T>): Type<Partial<Record<Locale, T>>> {
  class Translated {}
  for (const language of LOCALES) {
    ApiProperty({ required: false, type: text })(Translated.prototype, language);
  }
  return Translated as Type<Partial<Record<Locale, T>>>;
}
