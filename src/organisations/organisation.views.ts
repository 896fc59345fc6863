import { formatDate, formatUtc } from '../common/dates';
import { DomainError } from '../common/domain-error';
import { Page } from '../common/page';
import { isStaff, Locale, UserRole } from '../common/roles';
import { SignedInUser } from '../common/web';
import { DirectoryQueryDto } from './dto/organisation.dto';
import { countryName, countryOptions } from './countries';
import { Invitation } from './invitation.entity';
import { Membership, MembershipRole } from './membership.entity';
import { ORGANISATION_TYPES, Organisation, THEMATIC_AREAS } from './organisation.entity';
import { PossibleDuplicateError } from './organisations.errors';
import { REGIONS } from './regions';

/** What anyone may read about an organisation: never its members or contact email. */
export function publicOrganisation(organisation: Organisation) {
  return {
    id: organisation.id,
    name: organisation.name,
    acronym: organisation.acronym,
    country: organisation.country,
    region: organisation.region,
    type: organisation.type,
    thematicAreas: organisation.thematicAreas,
    website: organisation.website,
    description: organisation.description,
    foundedYear: organisation.foundedYear,
    migrantLed: organisation.migrantLed,
    womenLed: organisation.womenLed,
    youthLed: organisation.youthLed,
    observerStatus: organisation.observerStatus,
    observerSince: organisation.observerSince?.toISOString() ?? null,
  };
}

/** What the organisation's members and staff read. */
export function fullOrganisation(organisation: Organisation) {
  return {
    ...publicOrganisation(organisation),
    email: organisation.email,
    suspendedReason: organisation.suspendedReason,
    createdAt: organisation.createdAt.toISOString(),
    updatedAt: organisation.updatedAt.toISOString(),
  };
}

/** For pages: the public view with names in the reader's language. */
export function organisationPage(organisation: Organisation, locale: Locale, full: boolean) {
  return {
    ...(full ? fullOrganisation(organisation) : publicOrganisation(organisation)),
    countryName: countryName(organisation.country, locale),
    observerSinceDate: organisation.observerSince
      ? formatDate(organisation.observerSince, locale, 'UTC')
      : null,
  };
}

/** The choices of the profile form, with what `values` holds selected. */
export function organisationFormOptions(locale: Locale, values: Record<string, unknown>) {
  const areas = ([] as unknown[]).concat(values.thematicAreas ?? []);
  return {
    countries: countryOptions(locale, values.country as string | undefined),
    types: ORGANISATION_TYPES.map((type) => ({ value: type, selected: type === values.type })),
    thematicAreas: THEMATIC_AREAS.map((area) => ({ value: area, checked: areas.includes(area) })),
  };
}

/** The form that creates an organisation. */
export function newOrganisationView(locale: Locale, values: Record<string, unknown> = {}) {
  return { title: 'organisations.new_title', ...organisationFormOptions(locale, values) };
}

/**
 * How the profile form explains a likely duplicate: the ones the user may read, named, and how
 * many others there are; the form then offers to confirm.
 */
export function duplicateWarningView(error: DomainError) {
  if (!(error instanceof PossibleDuplicateError)) return undefined;
  return {
    duplicates: error.duplicates.map((o) => ({
      id: o.id,
      name: o.name,
      acronym: o.acronym,
      observer: o.observerStatus === 'observer',
    })),
    similarExists: true,
    undisclosedDuplicates: error.undisclosedCount,
  };
}

/** The profile page; its focal points and admins also get the form, filled with `edited` over the profile. */
export function profilePageView(
  viewer: SignedInUser | undefined,
  found: { organisation: Organisation; membership: Membership | null },
  locale: Locale,
  edited: Record<string, unknown> = {},
) {
  const { organisation, membership } = found;
  const canEdit = membership?.role === MembershipRole.FocalPoint || viewer?.role === UserRole.Admin;
  const view = organisationPage(organisation, locale, Boolean(membership) || isStaff(viewer));
  return {
    title: 'organisations.profile_title',
    organisation: view,
    isMember: Boolean(membership),
    canEdit,
    ...(canEdit
      ? {
          ...organisationFormOptions(locale, { ...view, ...edited }),
          form: { values: { ...view } },
        }
      : {}),
  };
}

/** The members page: who belongs, who is invited, and whether the viewer may manage them. */
export function membersPageView(
  viewer: SignedInUser,
  data: {
    organisation: Organisation;
    membership: Membership | null;
    members: Membership[];
    invitations: Invitation[];
  },
  locale: Locale,
) {
  return {
    title: 'organisations.members_title',
    organisation: organisationPage(data.organisation, locale, true),
    canManage: data.membership?.role === MembershipRole.FocalPoint || viewer.role === 'admin',
    roles: Object.values(MembershipRole),
    members: data.members.map((m) => ({
      userId: m.userId,
      name: m.user!.name,
      email: m.user!.email,
      role: m.role,
      isSelf: m.userId === viewer.id,
    })),
    invitations: data.invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      expiresAt: formatUtc(i.expiresAt, locale),
    })),
  };
}

/** An invitation opened from its link: accept it, or sign in or up as the invited address first. */
export function invitationPageView(
  invitation: Invitation,
  token: string,
  viewer: SignedInUser | undefined,
) {
  const next = `/invitations/accept?token=${encodeURIComponent(token)}`;
  return {
    title: 'invitations.title',
    token,
    organisationName: invitation.organisation!.name,
    email: invitation.email,
    role: invitation.role,
    wrongAccount: Boolean(viewer && viewer.email !== invitation.email),
    signInUrl: `/signin?next=${encodeURIComponent(next)}`,
    signUpUrl: `/signup?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`,
  };
}

/** The public directory of observers, with its filters kept and links to the next pages. */
export function directoryPageView(
  query: DirectoryQueryDto,
  page: Page<Organisation>,
  locale: Locale,
) {
  const link = (n: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...query, page: String(n) }).filter(
        ([, v]) => v !== undefined && v !== '',
      ) as [string, string][],
    );
    return `/observers?${params.toString()}`;
  };
  return {
    title: 'directory.title',
    query,
    organisations: page.items.map((o) => organisationPage(o, locale, false)),
    total: page.total,
    countries: countryOptions(locale, query.country),
    regions: REGIONS.map((region) => ({ value: region, selected: region === query.region })),
    types: ORGANISATION_TYPES.map((type) => ({ value: type, selected: type === query.type })),
    thematicAreas: THEMATIC_AREAS.map((area) => ({
      value: area,
      selected: area === query.thematicArea,
    })),
    previousPage: page.page > 1 ? link(page.page - 1) : null,
    nextPage: page.page * page.pageSize < page.total ? link(page.page + 1) : null,
  };
}
