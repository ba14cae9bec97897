// Resource Graph through its official client (@azure/arm-resourcegraph): a query of the image templates paged
// with $top and followed through $skipToken to the end, and a malformed query as the SDK's RestError.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { emulator, imageBuilder, resourceGraph, restError, toArray } from './lib/emulator.mjs';
import { templateFor, uniqueName } from './lib/template.mjs';

const rg = emulator.resourceGroupName;
const templates = imageBuilder().virtualMachineImageTemplates;
const query = "resources | where type =~ 'microsoft.virtualmachineimages/imagetemplates' | project id, name, properties";
const pageSize = 2;
const ownTemplates = 3; // with pageSize 2: at least two pages

/** Every page of the query, following $skipToken; each page's figures are checked against the spec's QueryResponse. */
async function allPages() {
    const pages = [];
    let skipToken;
    do {
        const page = await resourceGraph.resources({
            query, subscriptions: [emulator.subscriptionId], options: { top: pageSize, ...(skipToken ? { skipToken } : {}) },
        });
        assert.ok(['true', 'false'].includes(page.resultTruncated), `resultTruncated is "${page.resultTruncated}"`);
        assert.equal(page.count, page.data.length);
        assert.ok(page.count <= pageSize);
        pages.push(page);
        skipToken = page.skipToken;
        assert.ok(pages.length <= 100, 'the $skipToken chain does not end');
    } while (skipToken);
    return pages;
}

const idsOf = (items) => items.map((t) => t.id.toLowerCase()).sort();

describe('Resource Graph (resources)', () => {
    const names = Array.from({ length: ownTemplates }, () => uniqueName('sdk-graph'));

    before(async () => {
        for (const name of names) await templates.beginCreateOrUpdateAndWait(rg, name, templateFor(undefined));
    });

    after(async () => {
        await Promise.all(names.map((name) => templates.beginDeleteAndWait(rg, name).catch(() => {})));
    });

    test('paged with $top and $skipToken, the rows are the templates the emulator holds', async (t) => {
        // Other test files create and delete templates at the same time: compare against a listing that
        // did not change while the pages were read.
        let pages, before, after;
        for (let attempt = 0; attempt < 3; attempt++) {
            before = idsOf(await toArray(templates.list()));
            pages = await allPages();
            after = idsOf(await toArray(templates.list()));
            if (before.join() === after.join()) break;
        }
        assert.deepEqual(before, after, 'the template listing kept changing');
        const rows = pages.flatMap((p) => p.data);
        assert.ok(pages.length >= 2, `expected several pages of ${pageSize}, got ${pages.length}`);
        assert.equal(rows.length, pages[0].totalRecords);
        assert.equal(rows.length, before.length);
        assert.deepEqual(idsOf(rows), before);
        for (const name of names) assert.ok(rows.some((r) => r.name === name), `${name} missing from the query's rows`);
        for (const row of rows) {
            assert.deepEqual(Object.keys(row).sort(), ['id', 'name', 'properties']);
            assert.equal(typeof row.properties, 'object');
        }
        t.diagnostic(`${rows.length} templates in ${pages.length} pages of at most ${pageSize}`);
    });

    test('a malformed query is the SDK\'s RestError with the emulator\'s code', async () => {
        const error = await restError(resourceGraph.resources({
            query: 'resources | frobnicate', subscriptions: [emulator.subscriptionId],
        }));
        assert.equal(error.statusCode, 400);
        assert.equal(error.code, 'BadRequest');
        assert.ok(error.details?.error?.details?.some((d) => d.code === 'InvalidQuery'), JSON.stringify(error.details));
    });
});
