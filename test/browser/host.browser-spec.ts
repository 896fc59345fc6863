import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatViolations } from './support/axe';
import { expectLang, follow, h1Text, Journey, Person, SCREENSHOTS } from './support/journey';

/** A 120×40 PNG, wider than tall as most logos are. */
const LOGO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAHgAAAAoCAIAAAC6iKlyAAAAY0lEQVR42u3aMQ0AIAwAwe4IY6wvTCENFLA0gYVLXsHNHy2HHhQIQIMWaNCgKYD+AnrNrkKgQYMWaNCgQYMGLdCgQYMGDVqgQYMGDRq0QIMGDRo0aN2GllMJtECDBi3QoHVsA0YytlZ75HHcAAAAAElFTkSuQmCC',
  'base64',
);

/** The elements of `selector` that reach past the right edge of the viewport. */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((root) => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll(`${root}, ${root} *`))
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  }, selector);
}

describe('the host organisation in a real browser', () => {
  const journey = new Journey();
  const { axe } = journey;
  let dir: string;
  let person: Person;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'convene-host-'));
    writeFileSync(join(dir, 'logo.png'), LOGO);
    await journey.start({
      HOST_NAME: 'Global Forum on Migration and Development',
      HOST_NAME_FR: 'Forum mondial sur la migration et le développement',
      HOST_ADDRESS: 'Case postale 71, 17 route des Morillons, 1211 Genève 19, Suisse',
      HOST_CONTACT_EMAIL: 'civil-society-support@gfmd.example',
      HOST_LOGO_FILE: join(dir, 'logo.png'),
    });
    person = await journey.newPerson('visitor', 'en-GB');
  });

  afterAll(async () => {
    await journey.stop();
    rmSync(dir, { recursive: true, force: true });
    const minor = axe.reports.filter(({ report }) => report.others.length);
    if (minor.length) {
      console.log(
        `axe-core: minor/moderate violations (not failing the test):\n${minor.map(({ label, report }) => `${label}:\n${formatViolations(report.others)}`).join('\n')}`,
      );
    }
  });

  it('shows the logo, name, address, help and privacy link in French, wide and narrow', async () => {
    const { page, problems } = person;
    expect((await page.goto(`${journey.app!.url}/consultations?lang=fr`))?.status()).toBe(200);
    await expectLang(page, 'fr');
    const logo = page.locator('header img.brand__logo');
    await expect(logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBe(120);
    const footer = page.locator('footer.site-footer');
    await expect(footer.locator('a[href^="mailto:"]').textContent()).resolves.toBe(
      'civil-society-support@gfmd.example',
    );
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page
        .locator('header')
        .screenshot({ path: join(SCREENSHOTS, `header-fr-${width}.png`) });
      await footer.screenshot({ path: join(SCREENSHOTS, `footer-fr-${width}.png`) });
      await expect(overflowing(page, 'header')).resolves.toEqual([]);
      await expect(overflowing(page, 'footer')).resolves.toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);
  });

  it('keeps the language chosen with a link for the next pages, and reads the privacy notice', async () => {
    const { page, problems } = person;
    await follow(
      page,
      page.locator('footer a', { hasText: 'Déclaration de confidentialité' }),
      '/privacy',
    );
    await expectLang(page, 'fr');
    await axe.audit(page, 'privacy (fr)');
    await follow(page, page.locator('nav.languages a', { hasText: 'Español' }), '/privacy');
    await expectLang(page, 'es');
    await expect(h1Text(page)).resolves.toBe('Aviso de privacidad');
    await axe.audit(page, 'privacy (es)');
    expect((await page.goto(`${journey.app!.url}/privacy`))?.status()).toBe(200);
    await expectLang(page, 'es');
    await follow(page, page.locator('nav.languages a', { hasText: 'English' }), '/privacy');
    await expect(h1Text(page)).resolves.toBe('Privacy notice');
    await axe.audit(page, 'privacy (en)');
    axe.expectNoBlocking();
    expect(problems).toEqual([]);
  });
});
