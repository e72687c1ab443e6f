// End-to-end browser checks of the whosaid dashboard.
//
//     node tests/browser/e2e.mjs BASE_URL [SCREENSHOT_DIR]
//
// BASE_URL is a running `whosaid serve` over a store holding tests/browser/fixtures
// and the story "gaza" (tests/browser/run.sh sets this up). Prints `ok - ...` for
// every passed check and `FAIL - ...` for a failed one; exits non-zero if any failed.
// A failed check skips the rest of its group (later checks build on it); the other
// groups still run.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const WAIT = 10_000; // the longest any single wait may take, in ms
const VIEWPORT = { width: 1280, height: 900 };
const CLAIM_TEXT = 'there was progress';
const COUNTER_TEXT = 'no progress at all';

if (!process.argv[2]) {
  console.error('usage: node e2e.mjs BASE_URL [SCREENSHOT_DIR]');
  process.exit(2);
}
const BASE = process.argv[2].replace(/\/+$/, '');
const SHOTS = process.argv[3] ?? 'target/browser';
mkdirSync(SHOTS, { recursive: true });

class CheckFailed extends Error {}

let failures = 0;
let passes = 0;

function ok(message) {
  passes += 1;
  console.log(`ok - ${message}`);
}

function assert(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Runs one group of checks; a failure ends the group and is reported. */
async function group(name, pageErrors, body) {
  try {
    await body();
  } catch (e) {
    failures += 1;
    const why = e instanceof CheckFailed ? e.message : `${e.name}: ${e.message.split('\n')[0]}`;
    console.log(`FAIL - ${name}: ${why}`);
    if (pageErrors.length) {
      console.log(`       page errors: ${pageErrors.splice(0).join(' | ')}`);
    }
  }
}

/** Loads a page and insists on a 2xx answer. */
async function open(page, url) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: WAIT });
  assert(response, `${url}: no response`);
  assert(response.ok(), `${url}: HTTP ${response.status()}`);
  return response;
}

/** Waits for the first element matching `selector`, failing with a clear message. */
async function present(page, selector, what = selector) {
  const loc = page.locator(selector).first();
  try {
    await loc.waitFor({ state: 'attached', timeout: WAIT });
  } catch {
    throw new CheckFailed(`${page.url()}: no ${what} (selector \`${selector}\`) within ${WAIT / 1000} s`);
  }
  return loc;
}

/** Finds, in `section#conflicts`, the conflict whose two sides are the known pair. */
async function findKnownConflict(page) {
  await present(page, 'section#conflicts .conflict', 'conflict in section#conflicts');
  const conflicts = page.locator('section#conflicts .conflict');
  const n = await conflicts.count();
  const seen = [];
  for (let i = 0; i < n; i++) {
    const c = conflicts.nth(i);
    const claim = c.locator('.side.claim').first();
    const counter = c.locator('.side.counter').first();
    if ((await claim.count()) === 0 || (await counter.count()) === 0) {
      seen.push(`#${i}: missing .side.claim or .side.counter`);
      continue;
    }
    const claimContent = claim.locator('.content').first();
    const counterContent = counter.locator('.content').first();
    if ((await claimContent.count()) === 0 || (await counterContent.count()) === 0) {
      seen.push(`#${i}: a side has no .content`);
      continue;
    }
    const a = norm(await claimContent.textContent());
    const b = norm(await counterContent.textContent());
    seen.push(`#${i}: "${a}" vs "${b}"`);
    let progressSide = null;
    if (a.includes(CLAIM_TEXT) && b.includes(COUNTER_TEXT)) progressSide = claim;
    if (b.includes(CLAIM_TEXT) && a.includes(COUNTER_TEXT)) progressSide = counter;
    if (progressSide) {
      return { conflict: c, claim, counter, progressSide, texts: [a, b] };
    }
  }
  throw new CheckFailed(
    `no .conflict in section#conflicts pairs "${CLAIM_TEXT}" with "${COUNTER_TEXT}" ` +
      `(${n} conflict(s): ${seen.join('; ') || 'none'})`,
  );
}

/** The `.content` texts of every conflict side, in page order. */
async function conflictTexts(page) {
  return (await page.locator('section#conflicts .conflict .side .content').allTextContents()).map(norm);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});

const state = {
  storeConflictTexts: null, // texts of all conflict sides, JavaScript on
  article: null, // { url (no fragment), n } reached from the "there was progress" side
};

try {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(WAIT);
  const pageErrors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // a. The story page shows the known conflict side by side.
  let known = null;
  await group('story page', pageErrors, async () => {
    await open(page, `${BASE}/stories/gaza`);
    await present(page, 'h1', 'h1');
    ok('story page /stories/gaza has an h1');

    known = await findKnownConflict(page);
    ok(`section#conflicts has a .conflict pairing "${CLAIM_TEXT}" with "${COUNTER_TEXT}"`);

    const { claim, counter } = known;
    assert(await claim.isVisible(), '.side.claim of the known conflict is not visible');
    assert(await counter.isVisible(), '.side.counter of the known conflict is not visible');
    const cb = await claim.boundingBox();
    const kb = await counter.boundingBox();
    assert(cb && kb, 'a side of the known conflict has no bounding box');
    const box = (b) => `x=${Math.round(b.x)} y=${Math.round(b.y)} w=${Math.round(b.width)} h=${Math.round(b.height)}`;
    assert(
      kb.x > cb.x,
      `sides are not side by side at 1280 px: counter's left edge (${box(kb)}) is not right of the claim's (${box(cb)})`,
    );
    assert(
      cb.y < kb.y + kb.height && kb.y < cb.y + cb.height,
      `sides are not side by side at 1280 px: vertical ranges do not overlap (claim ${box(cb)}, counter ${box(kb)})`,
    );
    ok('claim and counter sides are visible and side by side at 1280 px');

    for (const [name, side] of [['claim', claim], ['counter', counter]]) {
      const items = await side.locator('ol.chain li').count();
      assert(items >= 1, `.side.${name} has no ol.chain with an li`);
    }
    ok('both sides have an ol.chain with at least one li');

    state.storeConflictTexts = await conflictTexts(page);
    await page.screenshot({ path: join(SHOTS, 'story.png'), fullPage: true });
    ok('screenshot story.png');
  });

  // b. Click through from the conflict to the attribution in its article.
  await group('click through to an attribution', pageErrors, async () => {
    assert(known, 'skipped: the story page check failed');
    const linkRe = /^\/articles\/([^/]+)$/;
    let progressHref = null;
    for (const [name, side] of [['claim', known.claim], ['counter', known.counter]]) {
      const link = side.locator('a.attr-link').first();
      assert((await link.count()) === 1, `.side.${name} has no a.attr-link`);
      const href = await link.getAttribute('href');
      const url = new URL(href ?? '', page.url());
      assert(
        linkRe.test(url.pathname) && /^#attr-\d+$/.test(url.hash),
        `.side.${name} a.attr-link href is "${href}", expected /articles/ID#attr-N`,
      );
      if (side === known.progressSide) progressHref = url;
    }
    ok('each side has an a.attr-link to /articles/ID#attr-N');

    const n = progressHref.hash.slice('#attr-'.length);
    const articleUrl = `${progressHref.origin}${progressHref.pathname}`;
    await known.progressSide.locator('a.attr-link').first().click();
    await page.waitForURL((u) => u.pathname === progressHref.pathname, { timeout: WAIT });
    await present(page, '#article-text', '#article-text');
    await present(page, `details#attr-${n}`, `details#attr-${n}`);
    ok(`clicking the "${CLAIM_TEXT}" side's link opens ${progressHref.pathname}${progressHref.hash}`);
    state.article = { url: articleUrl, n };

    for (const role of ['source', 'cue', 'content']) {
      const count = await page.locator(`#article-text a.seg.role-${role}`).count();
      assert(count >= 1, `#article-text has no a.seg.role-${role}`);
    }
    const segs = await page.locator('#article-text a.seg').count();
    const withoutAttr = await page.locator('#article-text a.seg:not([data-attr])').count();
    assert(withoutAttr === 0, `${withoutAttr} of ${segs} a.seg in #article-text have no data-attr`);
    ok(`#article-text has ${segs} a.seg with role-source, role-cue and role-content, all with data-attr`);

    // From the plain article address, so the fragment of the link does not open it.
    await open(page, articleUrl);
    const seg = page.locator(`#article-text a.seg[data-attr="${n}"]`);
    assert((await seg.count()) >= 1, `no a.seg[data-attr="${n}"] in #article-text`);
    await seg.first().click();
    try {
      await page.waitForFunction((id) => document.getElementById(id)?.open === true, `attr-${n}`, {
        timeout: WAIT,
      });
    } catch {
      throw new CheckFailed(`clicking a.seg[data-attr="${n}"] did not open details#attr-${n}`);
    }
    const chain = page.locator(`details#attr-${n} ol.chain`).first();
    try {
      await chain.waitFor({ state: 'visible', timeout: WAIT });
    } catch {
      throw new CheckFailed(`details#attr-${n} is open but has no visible ol.chain`);
    }
    const steps = await chain.locator('li').count();
    assert(steps >= 1, `details#attr-${n} ol.chain has no li`);
    const chainText = norm(await chain.innerText());
    assert(chainText.includes('Hamas official'), `details#attr-${n} ol.chain does not name "Hamas official": "${chainText}"`);
    ok(`clicking a.seg[data-attr="${n}"] opens details#attr-${n}; its chain (${steps} step(s)) names "Hamas official"`);

    await page.screenshot({ path: join(SHOTS, 'article.png'), fullPage: true });
    ok('screenshot article.png');
  });

  // c. Keyboard navigation and labelled segments on the article page.
  await group('keyboard', pageErrors, async () => {
    let url = state.article?.url;
    if (!url) {
      // Any article will do when the click-through failed.
      const list = await (await fetch(`${BASE}/api/articles?limit=100`)).json();
      assert(list?.articles?.length, 'skipped: no article to open');
      url = `${BASE}/articles/${list.articles[0].id}`;
    }
    await open(page, url);
    await present(page, '#article-text', '#article-text');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return { tag: '', what: 'nothing' };
      const tag = el.tagName.toLowerCase();
      return { tag, what: `${tag}${el.id ? '#' + el.id : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"` };
    });
    assert(focused.tag === 'a', `after Tab the focus is on ${focused.what}, not on a link`);
    ok(`Tab moves focus to a link (${focused.what})`);

    const unlabeled = await page.$$eval('#article-text a.seg', (segs) =>
      segs
        .filter((a) => {
          const label = `${a.getAttribute('title') ?? ''} ${a.getAttribute('aria-label') ?? ''}`.toLowerCase();
          return !/source|cue|content/.test(label);
        })
        .map((a) => `${a.className} "${a.textContent.trim().slice(0, 30)}"`),
    );
    const total = await page.locator('#article-text a.seg').count();
    assert(total > 0, 'no a.seg in #article-text');
    assert(
      unlabeled.length === 0,
      `${unlabeled.length} of ${total} a.seg have no title/aria-label naming source, cue or content, e.g. ${unlabeled.slice(0, 3).join('; ')}`,
    );
    ok(`all ${total} a.seg have a title or aria-label naming their role`);
  });

  // d. Markup in article text is shown as text and never runs.
  await group('untrusted text is inert', pageErrors, async () => {
    const res = await fetch(`${BASE}/api/articles?limit=100`);
    assert(res.ok, `/api/articles?limit=100: HTTP ${res.status}`);
    const list = await res.json();
    assert(Array.isArray(list?.articles), '/api/articles?limit=100 has no "articles" array');
    const xss = list.articles.find((a) => typeof a.key === 'string' && a.key.endsWith('xss.txt'));
    assert(xss, `no article with a key ending in xss.txt among ${list.articles.map((a) => a.key).join(', ')}`);
    ok(`/api/articles lists the xss fixture (id ${xss.id})`);

    const xpage = await context.newPage();
    const dialogs = [];
    xpage.on('dialog', async (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    xpage.on('pageerror', (e) => pageErrors.push(e.message));
    const url = `${BASE}/articles/${encodeURIComponent(xss.id)}`;
    await open(xpage, url);
    await present(xpage, '#article-text', '#article-text');

    const anchors = xpage.locator('#article-text a');
    const count = await anchors.count();
    const path = new URL(url).pathname;
    for (let i = 0; i < count; i++) {
      const a = anchors.nth(i);
      try {
        await a.click({ timeout: 2_000 });
      } catch {
        // Not clickable as a user would (hidden, covered): click it from script.
        await a.evaluate((el) => el.click()).catch(() => {});
      }
      if (new URL(xpage.url()).pathname !== path) {
        await open(xpage, url); // a link led away: come back for the rest
        await present(xpage, '#article-text', '#article-text');
      }
    }
    ok(`clicked all ${count} link(s) in #article-text`);

    const flag = await xpage.evaluate(() => typeof window.__xss);
    assert(flag === 'undefined', `window.__xss is set (${flag}): script from the article text ran`);
    assert(dialogs.length === 0, `dialog(s) opened: ${dialogs.join('; ')}`);
    ok('window.__xss stays undefined and no dialog opened');

    const visible = await xpage.locator('body').innerText();
    assert(visible.includes('<script>'), 'the visible page text does not contain the literal "<script>"');
    ok('the article shows "<script>" as text');

    const handlers = await xpage.$$eval('#article-text, #article-text *', (els) =>
      els.flatMap((el) =>
        [...el.attributes]
          .filter((at) => at.name.toLowerCase().startsWith('on'))
          .map((at) => `<${el.tagName.toLowerCase()} ${at.name}>`),
      ),
    );
    assert(handlers.length === 0, `elements in #article-text carry event handlers: ${handlers.join(', ')}`);
    const jsLinks = await xpage.locator('a[href^="javascript:" i]').count();
    assert(jsLinks === 0, `${jsLinks} a[href^="javascript:"] on the page`);
    const injected = await xpage.evaluate(() => {
      const found = [];
      if ([...document.scripts].some((s) => s.textContent.includes('__xss'))) found.push('script');
      if (document.querySelector('img[src="x"]')) found.push('img[src=x]');
      if (document.querySelector('svg[onload]')) found.push('svg[onload]');
      return found;
    });
    assert(injected.length === 0, `markup from the article text became elements: ${injected.join(', ')}`);
    ok('no on* attributes in #article-text, no javascript: links, no injected elements');

    await xpage.screenshot({ path: join(SHOTS, 'xss.png'), fullPage: true });
    ok('screenshot xss.png');
    await xpage.close();
  });

  // e. The story page reads the same without JavaScript.
  await group('works without JavaScript', pageErrors, async () => {
    const noJs = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: false });
    noJs.setDefaultTimeout(WAIT);
    try {
      const p = await noJs.newPage();
      await open(p, `${BASE}/stories/gaza`);
      const k = await findKnownConflict(p);
      assert(
        (await k.claim.isVisible()) && (await k.counter.isVisible()),
        'without JavaScript a side of the known conflict is not visible',
      );
      const texts = await conflictTexts(p);
      if (state.storeConflictTexts) {
        assert(
          JSON.stringify(texts) === JSON.stringify(state.storeConflictTexts),
          `conflict texts differ without JavaScript: ${JSON.stringify(texts)} vs ${JSON.stringify(state.storeConflictTexts)}`,
        );
      }
      ok(`without JavaScript the story page shows the same ${texts.length} conflict side text(s)`);
    } finally {
      await noJs.close();
    }
  });

  // f. Timeline and sources pages.
  await group('timeline', pageErrors, async () => {
    await open(page, `${BASE}/stories/gaza/timeline`);
    const svg = await present(page, 'svg[role="img"][aria-label]', 'svg chart with role="img" and aria-label');
    const label = norm(await svg.getAttribute('aria-label'));
    assert(label.length > 0, 'the timeline svg has an empty aria-label');
    await present(page, 'table', 'table');
    const days = (
      await page.$$eval('table tr', (rows) =>
        rows
          .filter((r) => r.querySelector('td'))
          .map((r) => (r.querySelector('th, td')?.textContent ?? '').replace(/\s+/g, ' ').trim()),
      )
    ).filter(Boolean);
    assert(days.length >= 1, 'the timeline table has no rows of days');
    const chartText = norm(`${label} ${await svg.evaluate((el) => el.textContent)}`);
    const missing = days.filter((d) => !chartText.includes(d));
    assert(
      missing.length === 0,
      `day(s) of the table missing from the chart (svg text and aria-label): ${missing.join(', ')}; chart says "${chartText.slice(0, 200)}"`,
    );
    ok(`timeline has an svg chart (role="img", aria-label) and a table with the same ${days.length} day(s): ${days.join(', ')}`);
    await page.screenshot({ path: join(SHOTS, 'timeline.png'), fullPage: true });
  });

  await group('sources', pageErrors, async () => {
    await open(page, `${BASE}/stories/gaza/sources`);
    await present(page, 'table', 'table');
    const row = page.locator('table tr', { hasText: 'Hamas official' });
    assert((await row.count()) >= 1, 'no table row contains "Hamas official"');
    ok('sources page has a table row for "Hamas official"');
    await page.screenshot({ path: join(SHOTS, 'sources.png'), fullPage: true });
  });

  await context.close();
} catch (e) {
  failures += 1;
  console.log(`FAIL - ${e.message}`);
} finally {
  await browser.close();
}

if (failures > 0) {
  console.log(`${failures} group(s) failed, ${passes} check(s) passed`);
  process.exit(1);
}
console.log(`all ${passes} checks passed`);
