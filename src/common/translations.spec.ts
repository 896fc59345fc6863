import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  compactTranslations,
  localise,
  localisedFields,
  TranslatedText,
  translationIntoOriginal,
  TranslationsDto,
} from './translations';

const FIELDS = ['title', 'theme'] as const;
const consultation = {
  title: 'Migrants and Development',
  theme: 'The post-2015 agenda',
  language: 'en' as const,
  translations: { fr: { title: 'Migrants et développement' }, es: {} },
};

describe('localise', () => {
  it('shows the reader’s language where a text is translated, else the original with its language', () => {
    expect(localise(consultation, FIELDS, 'fr')).toEqual({
      title: { text: 'Migrants et développement', lang: 'fr' },
      theme: { text: 'The post-2015 agenda', lang: 'en' },
    });
    expect(localise(consultation, FIELDS, 'es').title).toEqual({
      text: 'Migrants and Development',
      lang: 'en',
    });
  });

  it('shows the original to a reader of its language, whatever the translations say', () => {
    const odd = { ...consultation, translations: { en: { title: 'Other' } } };
    expect(localise(odd, FIELDS, 'en').title.text).toBe('Migrants and Development');
    expect(localise({ ...consultation, translations: null }, FIELDS, 'fr').title.lang).toBe('en');
  });

  it('gives view models each text and its language', () => {
    expect(localisedFields(consultation, FIELDS, 'fr')).toEqual({
      title: 'Migrants et développement',
      titleLang: 'fr',
      theme: 'The post-2015 agenda',
      themeLang: 'en',
    });
  });
});

describe('stored translations', () => {
  it('keep only texts, in a fixed order of languages, without empty languages', () => {
    expect(
      compactTranslations(
        { es: { title: 'Migrantes' }, fr: { title: ' ', theme: 'Thème' }, en: { title: '' } },
        FIELDS,
      ),
    ).toEqual({ fr: { theme: 'Thème' }, es: { title: 'Migrantes' } });
    expect(
      Object.keys(compactTranslations({ es: { title: 'a' }, fr: { title: 'b' } }, FIELDS)),
    ).toEqual(['fr', 'es']);
  });

  it('name a translation into the original language as an error', () => {
    expect(translationIntoOriginal('fr', { fr: { title: 'Titre' } })).toEqual({
      'translations.fr': ['errors.translation_is_original'],
    });
    expect(translationIntoOriginal('fr', { fr: { title: '' }, en: { title: 'Title' } })).toEqual(
      {},
    );
  });
});

class TextDto {
  @TranslatedText(10, 'errors.title_too_long')
  title?: string;
}
class Translations extends TranslationsDto(TextDto) {}

describe('TranslationsDto', () => {
  const check = async (plain: unknown) => {
    const value = plainToInstance(Translations, plain);
    const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
    return { value, errors };
  };

  it('accepts any part of the languages and drops blank texts', async () => {
    const { value, errors } = await check({ fr: { title: '  Titre ' }, es: { title: '' } });
    expect(errors).toEqual([]);
    expect(value.fr?.title).toBe('Titre');
    expect(value.es?.title).toBeUndefined();
  });

  it('refuses other languages, other fields and texts over the limit', async () => {
    expect((await check({ de: { title: 'Titel' } })).errors[0].property).toBe('de');
    expect((await check({ fr: { venue: 'x' } })).errors[0].children![0].property).toBe('venue');
    expect(
      (await check({ fr: { title: 'x'.repeat(11) } })).errors[0].children![0].constraints,
    ).toEqual({ maxLength: 'errors.title_too_long' });
  });
});
