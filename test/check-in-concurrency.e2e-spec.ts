import { UserRole } from '../src/accounts/user.entity';
import { Registration } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const HOUR = 3_600_000;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * A check-in is one conditional UPDATE, without the consultation's exclusive lock (doors do not
 * queue behind each other). A registration change still reads the registration under that lock
 * and writes later: on PostgreSQL the scan must wait for it rather than slip between. On SQLite
 * every write transaction already runs alone, so there is nothing to race.
 */
(onPostgres ? describe : describe.skip)('check-in by scan racing a registration change', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('waits for a cancellation holding the consultation lock, then refuses the badge', async () => {
    const admin = await staffToken(t, UserRole.Admin);
    const reviewer = await staffToken(t);
    const org = await focalPointWithOrganisation(t);
    const now = Date.now();
    const consultation = await publishedConsultation(t, admin.token, {
      startsAt: new Date(now + 2 * HOUR).toISOString(),
      endsAt: new Date(now + 10 * HOUR).toISOString(),
      registrationClosesAt: new Date(now + HOUR).toISOString(),
      fundingDeadline: new Date(now + HOUR / 2).toISOString(),
      sessions: [],
      capacity: 3,
    });
    const seat = (
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201)
    ).body as { id: string; checkInCode: string };

    // A change as RegistrationSteps.change runs it: the consultation locked, the row read, written later.
    const change = t.dataSource.createQueryRunner();
    await change.connect();
    await change.startTransaction();
    await change.query(`SELECT 1 FROM consultations WHERE id = $1 FOR UPDATE`, [consultation.id]);
    const [read] = await change.query(`SELECT "checkedInAt" FROM registrations WHERE id = $1`, [
      seat.id,
    ]);
    expect(read.checkedInAt).toBeNull();
    const scanned = t
      .http()
      .post('/api/v1/check-ins')
      .set(auth(reviewer.token))
      .send({ code: seat.checkInCode })
      .then((answer) => answer);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await change.query(`UPDATE registrations SET status = 'cancelled' WHERE id = $1`, [seat.id]);
    await change.commitTransaction();
    await change.release();

    const answer = await scanned;
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ reason: 'not_confirmed' });
    const row = await t.dataSource.getRepository(Registration).findOneByOrFail({ id: seat.id });
    expect(row).toMatchObject({ status: 'cancelled', checkedInAt: null });
  });
});
