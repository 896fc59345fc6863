import { PersonalDataSections } from './personal-data-sections';
import { RetentionSteps } from './retention-steps';

describe('the data-protection registries', () => {
  it('keep retention steps in registration order and refuse a name twice', () => {
    const steps = new RetentionSteps();
    steps.register('participants', () => Promise.resolve(0));
    steps.register('passportData', () => Promise.resolve(0));
    expect(steps.names()).toEqual(['participants', 'passportData']);
    expect(() => steps.register('participants', () => Promise.resolve(1))).toThrow(
      'retention step "participants" is registered twice',
    );
  });

  it('refuse a data-export section twice', () => {
    const sections = new PersonalDataSections();
    sections.register('letterRequests', () => Promise.resolve([]));
    expect(sections.entries().map(([name]) => name)).toEqual(['letterRequests']);
    expect(() => sections.register('letterRequests', () => Promise.resolve([]))).toThrow(
      /registered twice/,
    );
  });
});
