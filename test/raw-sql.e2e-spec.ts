import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { UserRole } from '../src/accounts/user.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { isUniqueViolation } from '../src/database/errors';
import {
  execute,
  hydrate,
  insertEntity,
  selectEntity,
  selectNumber,
  selectRow,
} from '../src/database/raw-sql';
import { Organisation } from '../src/organisations/organisation.entity';
import { Registration, RegistrationStatus } from '../src/registrations/registration.entity';
import { publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The hot paths' plain SQL (src/database/raw-sql.ts) must read and write rows exactly as TypeORM
 * does: dates, booleans, JSON columns, transformers, defaults, errors, on SQLite and PostgreSQL.
 */
describe('plain SQL for hot paths', () => {
  let t: TestApp;
  let consultationId: string;
  let organisationId: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await staffToken(t, UserRole.Admin);
    consultationId = (await publishedConsultation(t, admin.token, { requiresApproval: true })).id;
    const focal = await focalPointWithOrganisation(t);
    organisationId = focal.organisation.id;
    userId = focal.user.id;
  });

  afterAll(() => t.close());

  it('reads a row into the same entity TypeORM loads', async () => {
    const manager = t.dataSource.manager;
    const consultation = await selectEntity(
      manager,
      Consultation,
      'SELECT * FROM consultations WHERE id = ?',
      [consultationId],
    );
    const organisation = await selectEntity(
      manager,
      Organisation,
      'SELECT * FROM organisations WHERE id = ?',
      [organisationId],
    );

    expect(consultation).toBeInstanceOf(Consultation);
    expect(consultation).toEqual(
      await manager.findOneByOrFail(Consultation, { id: consultationId }),
    );
    expect(consultation?.startsAt).toBeInstanceOf(Date);
    expect(consultation?.requiresApproval).toBe(true);
    expect(typeof consultation?.fundingBudgetMinor).toBe('number');
    expect(organisation).toEqual(
      await manager.findOneByOrFail(Organisation, { id: organisationId }),
    );
    expect(organisation?.thematicAreas).toEqual(['migrants_rights', 'labour_migration']);
    expect(organisation?.migrantLed).toBe(true);
  });

  it('inserts a row TypeORM reads back unchanged, with defaults for what it leaves out', async () => {
    const manager = t.dataSource.manager;
    const at = new Date('2013-11-19T08:30:15.250Z');
    const values = {
      id: randomUUID(),
      consultationId,
      organisationId,
      registeredById: userId,
      participantName: 'Aïssatou Diallo',
      participantEmail: `aissatou-${randomUUID()}@example.org`,
      gender: 'female' as const,
      nationality: 'SN',
      needsVisaLetter: true,
      status: RegistrationStatus.Waitlisted,
      waitlistSeq: 2.5,
      offerExpiresAt: at,
      createdAt: at,
      updatedAt: at,
    };
    await insertEntity(manager, Registration, values);

    const stored = await manager.findOneByOrFail(Registration, { id: values.id });
    expect(stored).toMatchObject({
      ...values,
      position: '',
      publishConsent: false,
      dietaryNeeds: '',
      checkedInAt: null,
      submissionId: null,
    });
    expect(stored.offerExpiresAt?.toISOString()).toBe(at.toISOString());
    expect(
      hydrate(
        manager,
        Registration,
        (await selectRow(manager, 'SELECT * FROM registrations WHERE id = ?', [values.id]))!,
      ),
    ).toEqual(stored);
    expect(
      await selectNumber(
        manager,
        'SELECT COUNT(*) AS n FROM registrations WHERE "consultationId" = ? AND "needsVisaLetter" = ?',
        [consultationId, true],
      ),
    ).toBe(1);
  });

  it('writes JSON columns as TypeORM reads them', async () => {
    const manager = t.dataSource.manager;
    const id = randomUUID();
    const details = { from: 'draft', seats: [1, 2], note: 'déjà vu' };
    await insertEntity(manager, AuditEvent, {
      id,
      actorId: null,
      action: 'test.raw',
      entity: 'test',
      entityId: id,
      details,
    });
    const event = await manager.findOneByOrFail(AuditEvent, { id });
    expect(event.details).toEqual(details);
    expect(event.at).toBeInstanceOf(Date);
    expect(Math.abs(event.at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('counts changed rows, and a refused row fails as TypeORM fails', async () => {
    const manager = t.dataSource.manager;
    expect(
      await execute(
        manager,
        'UPDATE consultations SET "seatsOffered" = "seatsOffered" WHERE id = ?',
        [consultationId],
      ),
    ).toBe(1);
    expect(
      await execute(
        manager,
        'UPDATE consultations SET "seatsOffered" = "seatsOffered" WHERE id = ?',
        [randomUUID()],
      ),
    ).toBe(0);

    const duplicate = {
      id: randomUUID(),
      actorId: null,
      action: 'test.raw',
      entity: 'test',
      entityId: 'x',
      details: {},
    };
    await insertEntity(manager, AuditEvent, duplicate);
    const error = await insertEntity(manager, AuditEvent, duplicate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('runs inside the caller’s transaction: a rollback leaves nothing', async () => {
    const id = randomUUID();
    await expect(
      t.transactions.run(async (manager) => {
        await insertEntity(manager, AuditEvent, {
          id,
          actorId: null,
          action: 'test.rolled_back',
          entity: 'test',
          entityId: id,
          details: {},
        });
        expect(await selectRow(manager, 'SELECT id FROM audit_events WHERE id = ?', [id])).toEqual({
          id,
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.dataSource.manager.findOneBy(AuditEvent, { id })).toBeNull();
  });
});
