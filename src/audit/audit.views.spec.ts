import { auditSentence } from './audit.views';

describe('the audit log’s sentences', () => {
  it('say what was done, in the reader’s language, with a status in words', () => {
    expect(auditSentence('registration.created', 'Ana', { status: 'confirmed' }, 'es')).toBe(
      'Ana inscribió a una persona (confirmada).',
    );
    expect(auditSentence('registration.substituted', 'Ana', {}, 'fr')).toBe(
      'Ana a remplacé un participant par une autre personne.',
    );
    expect(auditSentence('letter.issued', 'Ana', {}, 'en')).toBe('Ana issued a visa letter.');
  });

  it('fall back to the action’s code when no sentence is written', () => {
    expect(auditSentence('something.new', 'Ana', {}, 'en')).toBe('something.new');
  });
});
