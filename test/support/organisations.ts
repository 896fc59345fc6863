import { UserRole } from '../../src/accounts/user.entity';
import { PASSWORD, tokenFor, userFactory } from './factories';
import { CreateOrganisationDto } from '../../src/organisations/dto/organisation.dto';
import { TestApp } from './test-app';

let sequence = 0;

/** Valid organisation fields; any may be overridden. */
export function organisationFactory(
  overrides: Partial<CreateOrganisationDto> = {},
): CreateOrganisationDto {
  sequence++;
  return {
    name: `Migrant Rights Network ${sequence} ${Date.now().toString(36)}`,
    acronym: `MRN${sequence}`,
    country: 'SN',
    type: 'network' as const,
    thematicAreas: ['migrants_rights', 'labour_migration'],
    website: 'https://example.org',
    email: 'contact@example.org',
    description: 'A network of migrant associations in West Africa.',
    foundedYear: 2005,
    migrantLed: true,
    ...overrides,
  };
}

export const REQUEST = {
  motivation: 'We want to bring the voices of migrant workers in West Africa to the consultations.',
  migrationActivities:
    'Legal aid for returning migrants, research on labour migration corridors, training.',
};

/** A signed-in focal point with a bearer token and an organisation created through the API. */
export async function focalPointWithOrganisation(
  t: TestApp,
  overrides: Partial<CreateOrganisationDto> = {},
  locale: 'en' | 'fr' | 'es' = 'en',
) {
  const user = await userFactory(t, { locale });
  const token = await tokenFor(t, user, PASSWORD);
  const response = await t
    .http()
    .post('/api/v1/organisations')
    .set('Authorization', `Bearer ${token}`)
    .send(organisationFactory(overrides))
    .expect(201);
  return { user, token, organisation: response.body as { id: string; name: string } };
}

export async function staffToken(t: TestApp, role: UserRole = UserRole.Reviewer) {
  const user = await userFactory(t, { role });
  return { user, token: await tokenFor(t, user, PASSWORD) };
}
