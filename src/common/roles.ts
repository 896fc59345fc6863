/** Who a signed-in user is to Convene; stored on the user, checked by every guard. */
export enum UserRole {
  Cso = 'cso',
  Reviewer = 'reviewer',
  Admin = 'admin',
}

export const LOCALES = ['en', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** The BCP 47 tag each language is formatted with (dates, numbers, money, plural rules). */
export const LANGUAGE_TAGS: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };

/** Reviewers and admins: the organisation's staff. */
export function isStaff(user: { role: UserRole } | null | undefined): boolean {
  return user?.role === UserRole.Reviewer || user?.role === UserRole.Admin;
}
