import { Locale } from '../common/roles';
import names from './un-country-names.json';

/**
 * Country and area names as the United Nations writes them, in English, French and Spanish.
 * The table itself is `un-country-names.json`, one line per code, the easiest to check against
 * the source.
 *
 * Source: United Nations Statistics Division, "Standard country or area codes for statistical use
 * (M49)", overview (https://unstats.un.org/unsd/methodology/m49/overview/), the English, French and
 * Spanish downloads as mirrored in datasets/country-codes (tmp/UNSD-en.csv, UNSD-fr.csv,
 * UNSD-es.csv, commit 25c1991e), checked against the UNTERM short names of member and observer
 * States (https://unterm.un.org). Compiled 2026-12-01.
 *
 * Decisions:
 * - The text is M49's, character for character, except that apostrophes are the straight ' of
 *   UNTERM (M49's downloads mix ’ and '), so that "Côte d'Ivoire" is typed and found one way.
 * - Areas that are not member States take their M49 names ("China, Hong Kong Special
 *   Administrative Region", "Puerto Rico", "Greenland").
 * - TW is not in M49 (UNSD counts it with China). The UN Secretariat's statistical usage is
 *   "Taiwan Province of China" (UNCTAD); French and Spanish follow the same usage. Review with the
 *   host's editorial service before a public list shows it.
 * - XK is not in M49 nor in ISO 3166-1 (a user-assigned code). The UN writes "Kosovo", and a
 *   document that names it carries the footnote of Security Council resolution 1244 (1999); a list
 *   or a select shows the name alone. The footnote, for a document that prints it:
 *   en "All references to Kosovo shall be understood to be in the context of Security Council
 *   resolution 1244 (1999)."; fr "Toute référence au Kosovo doit s'entendre dans le contexte de la
 *   résolution 1244 (1999) du Conseil de sécurité."; es "Toda referencia a Kosovo debe entenderse
 *   en el contexto de la resolución 1244 (1999) del Consejo de Seguridad."
 * - Antarctica (AQ) is in M49 but is no organisation's country: it is not in the list.
 *
 * Every code of `knownCountries()` (src/organisations/regions.ts) has a name here: countries.spec.ts
 * fails on a missing one.
 */
export const UN_COUNTRY_NAMES: Readonly<Record<string, Readonly<Record<Locale, string>>>> = names;
