import { UserRole } from '../src/accounts/user.entity';
import { FollowUpReminders } from '../src/follow-up/reminders.job';
import { InputCall } from '../src/inputs/input-call.entity';
import { Submission, SubmissionStatus } from '../src/inputs/submission.entity';
import { OutboxMessage, OutboxStatus } from '../src/mail/outbox-message.entity';
import { publishedConsultation } from './support/consultations';
import { Consultation } from '../src/consultations/consultation.entity';
import { onPostgres } from './support/databases';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { MailCatcher } from './support/mail-catcher';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

type Org = Awaited<ReturnType<typeof focalPointWithOrganisation>>;
type Point = { id: string; reference: string; status: string; completionProposed: boolean };

describe('Outcome and action points (issue 12)', () => {
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string };
  let cso: Org;
  let outsider: Org;
  let consultation: { id: string };

  const adopt = (body: Record<string, unknown> = {}, consultationId = consultation.id) =>
    t
      .http()
      .post(`/api/v1/consultations/${consultationId}/action-points`)
      .set(auth(admin.token))
      .send({ text: 'Continue the deliberation on alternatives to detention.', ...body });

  const update = (token: string, id: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/v1/action-points/${id}/updates`)
      .set(auth(token))
      .send({ text: 'Progress.', ...body });

  async function pointIn(status: string): Promise<Point> {
    const point = (await adopt({ responsibleOrganisationIds: [cso.organisation.id] }).expect(201))
      .body as Point;
    const path: Record<string, string[]> = {
      open: [],
      in_progress: ['in_progress'],
      completed: ['in_progress', 'completed'],
      discontinued: ['discontinued'],
    };
    for (const step of path[status])
      await update(reviewer.token, point.id, { status: step }).expect(201);
    return point;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t, UserRole.Reviewer);
    cso = await focalPointWithOrganisation(t);
    outsider = await focalPointWithOrganisation(t);
    consultation = await publishedConsultation(t, admin.token, {
      startsAt: '2013-09-12T07:00:00Z',
      endsAt: '2013-09-12T15:30:00Z',
      registrationOpensAt: '2013-06-01T00:00:00Z',
      registrationClosesAt: '2013-09-01T00:00:00Z',
      fundingDeadline: '2013-08-01T00:00:00Z',
      sessions: [],
    });
  });
  afterAll(() => t.close());

  describe('the outcome', () => {
    /** An input to the consultation, straight into the database, in the status asked for. */
    const input = async (status: SubmissionStatus) => {
      const call = await t.dataSource.getRepository(InputCall).save({
        consultationId: consultation.id,
        title: 'Written inputs',
        guidance: '',
        language: 'en' as const,
        translations: {},
        opensAt: new Date('2013-06-01T00:00:00Z'),
        closesAt: new Date('2013-09-01T00:00:00Z'),
        wordLimit: 1000,
        eligibility: 'any',
        perOrganisation: 1,
        allowAttachment: false,
      } as Partial<InputCall>);
      const saved = await t.dataSource.getRepository(Submission).save({
        callId: call.id,
        consultationId: consultation.id,
        organisationId: cso.organisation.id,
        title: 'Alternatives to detention',
        body: 'Our input.',
        language: 'en',
        themes: [],
        status,
        submittedAt: new Date('2013-08-01T00:00:00Z'),
        publishedAt:
          status === SubmissionStatus.Published ? new Date('2013-08-02T00:00:00Z') : null,
      } as Partial<Submission>);
      return saved.id;
    };

    it('is written by an admin with conclusions, recommendations and translations', async () => {
      const submissionId = await input(SubmissionStatus.Published);
      const saved = await t
        .http()
        .put(`/api/v1/consultations/${consultation.id}/outcome`)
        .set(auth(admin.token))
        .send({
          summary: 'Participants agreed on three action points.',
          translations: { fr: { summary: 'Les participants ont convenu de trois points.' } },
          conclusions: [{ text: 'Broad recognition of positive developments since 2006.' }],
          recommendations: [
            { text: 'Institutionalise the consultations.', submissionIds: [submissionId] },
          ],
        })
        .expect(200);
      expect(saved.body.recommendations[0].submissionIds).toEqual([submissionId]);
      const read = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/outcome`)
        .expect(200);
      expect(read.body.translations.fr.summary).toBe(
        'Les participants ont convenu de trois points.',
      );
    });

    it('links only published inputs to this consultation (400 naming the recommendation)', async () => {
      for (const id of [
        await input(SubmissionStatus.Submitted),
        '6f1c2a8e-3b7d-4c1e-9a2f-0d5e8b7c6a41',
      ]) {
        const refused = await t
          .http()
          .put(`/api/v1/consultations/${consultation.id}/outcome`)
          .set(auth(admin.token))
          .send({ recommendations: [{ text: 'ok' }, { text: 'x', submissionIds: [id] }] })
          .expect(400);
        expect(JSON.stringify(refused.body)).toContain('recommendations.1.submissionIds');
      }
      const read = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/outcome`)
        .expect(200);
      expect(read.body.recommendations[0].text).toBe('Institutionalise the consultations.');
    });

    it('refuses a submission id that is not a uuid', async () => {
      await t
        .http()
        .put(`/api/v1/consultations/${consultation.id}/outcome`)
        .set(auth(admin.token))
        .send({ recommendations: [{ text: 'x', submissionIds: ['not-a-uuid'] }] })
        .expect(400);
    });

    it('is written by admins only', async () => {
      await t
        .http()
        .put(`/api/v1/consultations/${consultation.id}/outcome`)
        .set(auth(reviewer.token))
        .send({ summary: 'x' })
        .expect(403);
    });
  });

  describe('adoption', () => {
    it('generates references from the consultation year and a sequence', async () => {
      const first = (await adopt().expect(201)).body as Point;
      const second = (await adopt().expect(201)).body as Point;
      expect(first.reference).toMatch(/^2013-AP\d+$/);
      expect(Number(second.reference.split('AP')[1])).toBe(
        Number(first.reference.split('AP')[1]) + 1,
      );
    });

    it('refuses a reference already taken', async () => {
      await adopt({ reference: '2013-X1' }).expect(201);
      await adopt({ reference: '2013-X1' }).expect(400);
    });

    it('tells the responsible organisation’s focal point', async () => {
      const point = (await adopt({ responsibleOrganisationIds: [cso.organisation.id] }).expect(201))
        .body as Point;
      const mail = await t.dataSource.getRepository(OutboxMessage).findBy({
        recipient: cso.user.email.toLowerCase(),
        template: 'action-point',
      });
      expect(
        mail.some((m) => (m.payload as { reference: string }).reference === point.reference),
      ).toBe(true);
    });
  });

  describe('every legal transition', () => {
    it.each([
      ['open', 'in_progress'],
      ['open', 'discontinued'],
      ['in_progress', 'completed'],
      ['in_progress', 'discontinued'],
      ['completed', 'in_progress'],
      ['discontinued', 'in_progress'],
    ])('%s → %s by staff', async (from, to) => {
      const point = await pointIn(from);
      const moved = await update(reviewer.token, point.id, { status: to, text: 'Why.' }).expect(
        201,
      );
      expect(moved.body.status).toBe(to);
      expect(moved.body.updates.at(-1).status).toBe(to);
    });
  });

  describe('a sample of illegal transitions', () => {
    it.each([
      ['open', 'completed'],
      ['open', 'open'],
      ['in_progress', 'open'],
      ['completed', 'discontinued'],
      ['completed', 'open'],
      ['discontinued', 'completed'],
    ])('%s → %s is 409 INVALID_TRANSITION', async (from, to) => {
      const point = await pointIn(from);
      const refused = await update(reviewer.token, point.id, { status: to }).expect(409);
      expect(refused.body.code).toBe('INVALID_TRANSITION');
    });
  });

  describe('a proposed completion', () => {
    let point: Point;
    beforeAll(async () => {
      point = await pointIn('in_progress');
    });

    it('from a responsible CSO leaves the point in progress, proposed', async () => {
      const proposed = await update(cso.token, point.id, {
        status: 'completed',
        text: 'Our report is published.',
        link: 'https://example.org/report',
      }).expect(201);
      expect(proposed.body).toMatchObject({ status: 'in_progress', completionProposed: true });
    });

    it('is confirmed by staff, and the point is completed', async () => {
      const confirmed = await t
        .http()
        .patch(`/api/v1/action-points/${point.id}`)
        .set(auth(admin.token))
        .send({ completion: 'confirm' })
        .expect(200);
      expect(confirmed.body).toMatchObject({ status: 'completed', completionProposed: false });
    });

    it('cannot be confirmed again when none is proposed', async () => {
      const again = await t
        .http()
        .patch(`/api/v1/action-points/${point.id}`)
        .set(auth(admin.token))
        .send({ completion: 'confirm' })
        .expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('refused by staff stays in progress', async () => {
      const other = await pointIn('in_progress');
      await update(cso.token, other.id, { status: 'completed' }).expect(201);
      const refused = await t
        .http()
        .patch(`/api/v1/action-points/${other.id}`)
        .set(auth(admin.token))
        .send({ completion: 'refuse', reason: 'The campaign has not started yet.' })
        .expect(200);
      expect(refused.body).toMatchObject({ status: 'in_progress', completionProposed: false });
    });
  });

  describe('who may post an update', () => {
    let point: Point;
    beforeAll(async () => {
      point = await pointIn('open');
    });

    it('a CSO that is not responsible: 403', async () => {
      await update(outsider.token, point.id, {}).expect(403);
    });

    it('a responsible CSO may not discontinue: 403', async () => {
      await update(cso.token, point.id, { status: 'discontinued' }).expect(403);
    });

    it('a link must be http or https', async () => {
      await update(cso.token, point.id, { link: 'javascript:alert(1)' }).expect(400);
    });

    it('a responsible CSO may start it', async () => {
      const started = await update(cso.token, point.id, { status: 'in_progress' }).expect(201);
      expect(started.body.updates.at(-1).organisationId).toBe(cso.organisation.id);
    });
  });

  describe('across years', () => {
    let open: Point;
    let done: Point;
    let next: { id: string };
    beforeAll(async () => {
      open = await pointIn('in_progress');
      done = await pointIn('completed');
      next = await publishedConsultation(t, admin.token);
      // Completed only once it has ended: this one ended yesterday.
      await t.dataSource.getRepository(Consultation).update(consultation.id, {
        startsAt: new Date(Date.now() - 2 * 86_400_000),
        endsAt: new Date(Date.now() - 86_400_000),
      });
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/complete`)
        .set(auth(admin.token))
        .expect(200);
    });

    it('a later consultation shows open points and not completed ones', async () => {
      const followUp = await t.http().get(`/api/v1/consultations/${next.id}/follow-up`).expect(200);
      const ids = (followUp.body.earlier as Point[]).map((p) => p.id);
      expect(ids).toContain(open.id);
      expect(ids).not.toContain(done.id);
      expect(followUp.body.own).toEqual([]);
    });

    it('the history stays one record: an update shows wherever the point does', async () => {
      await update(cso.token, open.id, { text: 'Update of the next year.' }).expect(201);
      const followUp = await t.http().get(`/api/v1/consultations/${next.id}/follow-up`).expect(200);
      const shown = (followUp.body.earlier as (Point & { updates: { text: string }[] })[]).find(
        (p) => p.id === open.id,
      )!;
      const direct = await t.http().get(`/api/v1/action-points/${open.id}`).expect(200);
      expect(shown.updates.at(-1)!.text).toBe('Update of the next year.');
      expect(direct.body.updates).toEqual(shown.updates);
      expect(
        await t.dataSource.getRepository('action_points').countBy({ reference: open.reference }),
      ).toBe(1);
    });

    it('the next consultation’s page shows them as "Follow-up from 2013"', async () => {
      const page = await t.http().get(`/consultations/${next.id}`).expect(200);
      expect(page.text.slice(page.text.indexOf('<main'))).toContain('Follow-up from 2013');
      expect(page.text).toContain(open.reference);
      expect(page.text).not.toContain(`>${done.reference}<`);
    });

    it('the public follow-up page lists the action points, filtered by status', async () => {
      // Twenty a page (the paging has its own test): the completed filter finds the finished one.
      const all = await t.http().get('/follow-up?status=completed').expect(200);
      expect(all.text).toContain(done.reference);
      const completed = await t.http().get('/follow-up?status=in_progress').expect(200);
      expect(completed.text).toContain(open.reference);
      expect(completed.text).not.toContain(`>${done.reference}<`);
      await t.http().get(`/follow-up/${open.id}`).expect(200);
      await t.http().get(`/consultations/${consultation.id}/outcome`).expect(200);
    });

    it('the public list filters by status and year', async () => {
      const list = await t
        .http()
        .get('/api/v1/action-points?status=completed&year=2013')
        .expect(200);
      expect((list.body.items as Point[]).every((p) => p.status === 'completed')).toBe(true);
      expect((list.body.items as Point[]).map((p) => p.id)).toContain(done.id);
    });
  });

  describe('CSV export', () => {
    it('lists the action points for staff, formulas neutralised', async () => {
      await adopt({ text: '=HYPERLINK("http://evil")', reference: '2013-CSV1' }).expect(201);
      const csv = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/action-points.csv`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text).toContain('2013-CSV1');
      expect(csv.text).toContain(`'=HYPERLINK`);
    });

    it('is refused to a CSO', async () => {
      await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/action-points.csv`)
        .set(auth(cso.token))
        .expect(403);
    });
  });

  describe('the public follow-up page', () => {
    it('shows 20 action points a page, the count of them all, and links to the others', async () => {
      for (let i = 0; i < 21; i++) await adopt({ text: `Paged point ${i}` }).expect(201);
      const { body } = await t.http().get('/api/v1/action-points').expect(200);
      const total = body.total as number;
      expect(total).toBeGreaterThan(20);
      const first = await t.http().get('/follow-up?status=open').expect(200);
      const open = (await t.http().get('/api/v1/action-points?status=open').expect(200)).body.total;
      expect(first.text.match(/class="action-point"/g)).toHaveLength(20);
      expect(first.text).toContain(`${open} action points`);
      const href = /<a href="([^"]+)">Older action points<\/a>/.exec(first.text)![1];
      const next = href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
      expect(next).toBe('/follow-up?status=open&page=2');
      const second = await t.http().get(next).expect(200);
      expect(second.text.match(/class="action-point"/g)).toHaveLength(open - 20);
      expect(second.text).toContain('Newer action points');
      expect(second.text).not.toContain('Older action points');
    });
  });
});

describe('Action point reminders (issue 12)', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: { token: string };
  let cso: Org;
  let consultationId: string;

  const reminders = (t: TestApp, event: string) =>
    t.dataSource
      .getRepository(OutboxMessage)
      .findBy({ recipient: cso.user.email.toLowerCase(), template: 'action-point' })
      .then((rows) => rows.filter((m) => (m.payload as { event: string }).event === event));

  beforeAll(async () => {
    first = await createTestApp();
    second = await createTestApp({ database: first.database });
    admin = await staffToken(first, UserRole.Admin);
    cso = await focalPointWithOrganisation(first);
    consultationId = (await publishedConsultation(first, admin.token)).id;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  /**
   * Both instances run the job: at once on PostgreSQL; one after the other on SQLite, whose
   * synchronous driver in one process would wait for itself.
   */
  const bothInstancesRun = async () => {
    const [a, b] = [first.app.get(FollowUpReminders), second.app.get(FollowUpReminders)];
    if (onPostgres) await Promise.all([a.run(), b.run()]);
    else for (const job of [a, b]) await job.run();
  };

  const adopt = (targetDate: string) =>
    first
      .http()
      .post(`/api/v1/consultations/${consultationId}/action-points`)
      .set(auth(admin.token))
      .send({
        text: 'Include CSOs in the campaign.',
        responsibleOrganisationIds: [cso.organisation.id],
        targetDate,
      })
      .expect(201);

  it('30 days before the target date: one reminder, even with two instances running the job', async () => {
    await adopt(day(Date.now() + 20 * DAY));
    await bothInstancesRun();
    await first.app.get(FollowUpReminders).run();
    expect(await reminders(first, 'due')).toHaveLength(1);
  });

  it('overdue after 90 days without an update: reminded once a month', async () => {
    await adopt(day(Date.now() + 40 * DAY));
    for (const t of [first, second]) t.clock.advance(100 * DAY);
    await bothInstancesRun();
    const once = (await reminders(first, 'overdue')).length;
    expect(once).toBe(2);
    await second.app.get(FollowUpReminders).run();
    expect(await reminders(first, 'overdue')).toHaveLength(2);
    for (const t of [first, second]) t.clock.advance(31 * DAY);
    await first.app.get(FollowUpReminders).run();
    expect(await reminders(first, 'overdue')).toHaveLength(4);
  });

  it('an overdue point says so in the API', async () => {
    const list = await first
      .http()
      .get(`/api/v1/action-points?consultationId=${consultationId}`)
      .expect(200);
    expect((list.body.items as { overdue: boolean }[]).every((p) => p.overdue)).toBe(true);
  });

  it('the reminders render and are sent in the recipient’s language', async () => {
    expect(await first.deliverMail()).toBeGreaterThan(0);
    const failed = await first.dataSource
      .getRepository(OutboxMessage)
      .countBy({ template: 'action-point', status: OutboxStatus.Failed });
    expect(failed).toBe(0);
  });
});

describe('A due reminder through SMTP (issue 12)', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let cso: Org;
  let reference: string;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    const admin = await staffToken(t, UserRole.Admin);
    cso = await focalPointWithOrganisation(t, {}, 'fr');
    const consultation = await publishedConsultation(t, admin.token);
    reference = (
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/action-points`)
        .set(auth(admin.token))
        .send({
          text: 'Include CSOs in the campaign.',
          responsibleOrganisationIds: [cso.organisation.id],
          targetDate: day(Date.now() + 20 * DAY),
        })
        .expect(201)
    ).body.reference as string;
    for (let run = 0; run < 2; run++) {
      await t.app.get(FollowUpReminders).run();
      await t.deliverMail();
    }
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('arrives once, in the focal point’s language (French)', () => {
    const due = mail
      .to(cso.user.email)
      .filter((m) => m.subject.startsWith(`Le point d’action ${reference} arrive à échéance`));
    expect(due).toHaveLength(1);
    expect(due[0].text).toContain('Merci d’indiquer où en est sa mise en œuvre');
  });
});
