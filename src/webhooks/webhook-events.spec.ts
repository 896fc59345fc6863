import type { EntityManager } from 'typeorm';
import { webhooksConfig } from '../config';
import { webhookEventOf } from './webhook-events';
import { WebhookSubscriptions } from './webhooks.listener';

describe('webhook events', () => {
  it('maps the audit actions of each module to the events of DESIGN.md', () => {
    expect(webhookEventOf('registration.created')).toBe('registration.created');
    expect(webhookEventOf('registration.approved')).toBe('registration.updated');
    expect(webhookEventOf('registration.substituted')).toBe('registration.updated');
    expect(webhookEventOf('registration.checked_in')).toBe('registration.checked_in');
    expect(webhookEventOf('accreditation.approved')).toBe('accreditation.decided');
    expect(webhookEventOf('accreditation.rejected')).toBe('accreditation.decided');
    expect(webhookEventOf('accreditation.info_requested')).toBeNull();
    expect(webhookEventOf('funding.awarded')).toBe('funding.decided');
    expect(webhookEventOf('funding.declined')).toBe('funding.decided');
    expect(webhookEventOf('funding.applied')).toBeNull();
    expect(webhookEventOf('letter.issued')).toBe('letter.issued');
    expect(webhookEventOf('user.signed_up')).toBeNull();
    expect(webhookEventOf('webhook.created')).toBeNull();
  });

  it('leaves the ends of a registration to RegistrationEnded, so each is announced once', () => {
    for (const action of [
      'registration.cancelled',
      'registration.rejected',
      'registration.offer_expired',
    ])
      expect(webhookEventOf(action)).toBeNull();
  });
});

describe('WebhookSubscriptions, on the hot path of every audit row', () => {
  function subscriptions(cacheMs: number, events: string[][]) {
    const manager = {
      reads: 0,
      find: jest.fn(() => {
        manager.reads++;
        return Promise.resolve(events.map((e) => ({ id: 'x', events: e })));
      }),
    };
    const config = { ...webhooksConfig(), endpointCacheMs: cacheMs };
    return { manager, subs: new WebhookSubscriptions(config) };
  }

  it('reads the endpoints once per cache period, whatever the number of changes', async () => {
    const { manager, subs } = subscriptions(60_000, []);
    for (let i = 0; i < 100; i++)
      await expect(
        subs.wanted(manager as unknown as EntityManager, 'registration.created'),
      ).resolves.toBe(false);
    expect(manager.reads).toBe(1);
  });

  it('reads again at once after a change on this instance', async () => {
    const { manager, subs } = subscriptions(60_000, [['registration.created']]);
    const em = manager as unknown as EntityManager;
    await expect(subs.wanted(em, 'registration.created')).resolves.toBe(true);
    await expect(subs.wanted(em, 'funding.decided')).resolves.toBe(false);
    subs.invalidate();
    await subs.wanted(em, 'registration.created');
    expect(manager.reads).toBe(2);
  });
});
