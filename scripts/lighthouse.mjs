// Lighthouse (package.json) on pages of a running server: node scripts/lighthouse.mjs BASE_URL OUT_DIR PATH...
//
// One headless Chromium (CHROME_PATH, default /usr/bin/chromium) serves every page; each page's JSON report
// is written to OUT_DIR/<n>.json and one line per page is printed: {"path", "scores", "benchmarkIndex",
// "cpuSlowdown", "report"}. Categories: performance, accessibility, best practices and SEO, with Lighthouse's
// default mobile emulation and simulated throttling.
//
// Lighthouse's 4x CPU slowdown assumes a high-end desktop (BenchmarkIndex 1500-2000) and turns it into a
// mid-tier phone. On a slower or busier machine it models a phone slower than any Lighthouse targets, so, as
// Lighthouse's docs/throttling.md ("Calibrating the CPU slowdown") advises, the slowdown is scaled to this
// machine: 4 x BenchmarkIndex / 1750, between 1 and 4, with the index measured here just before each page
// (Lighthouse's own benchmark, run in Node's V8). LIGHTHOUSE_CPU_SLOWDOWN=4 restores the default.
import fs from "node:fs";
import path from "node:path";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { pageFunctions } from "lighthouse/core/lib/page-functions.js";
import puppeteer from "puppeteer-core";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

function cpuSlowdown() {
  const fixed = process.env.LIGHTHOUSE_CPU_SLOWDOWN;
  const benchmarkIndex = pageFunctions.computeBenchmarkIndex();
  const scaled = Math.round(Math.min(4, Math.max(1, (4 * benchmarkIndex) / 1750)) * 10) / 10;
  return { benchmarkIndex, cpuSlowdown: fixed ? Number(fixed) : scaled };
}

// Each page is opened once before it is audited, so that neither a cold browser (its first page waits for
// fonts and processes) nor a cold page cache on the server is measured: visitors meet both warm.
async function warmUp(port, urls) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  const page = await browser.newPage();
  for (const url of urls) await page.goto(url, { waitUntil: "load" });
  // Lighthouse audits in a tab of its own; this one must not stay on an audited page.
  await page.goto("about:blank");
  await page.close();
  await browser.disconnect();
}

async function main() {
  const [base, outDir, ...paths] = process.argv.slice(2);
  if (!base || !outDir || paths.length === 0) {
    console.error("usage: node scripts/lighthouse.mjs BASE_URL OUT_DIR PATH...");
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: CHROME_FLAGS,
  });
  let failed = false;
  try {
    await warmUp(chrome.port, paths.map((pagePath) => new URL(pagePath, base).href));
    for (const [index, pagePath] of paths.entries()) {
      const { benchmarkIndex, cpuSlowdown: multiplier } = cpuSlowdown();
      const result = await lighthouse(new URL(pagePath, base).href, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: CATEGORIES,
        throttling: { cpuSlowdownMultiplier: multiplier },
      });
      const report = path.join(outDir, `${index + 1}.json`);
      fs.writeFileSync(report, result.report);
      const scores = Object.fromEntries(
        Object.entries(result.lhr.categories).map(([name, category]) => [name, Math.round(category.score * 100)]),
      );
      failed ||= Boolean(result.lhr.runtimeError);
      console.log(JSON.stringify({ path: pagePath, scores, benchmarkIndex, cpuSlowdown: multiplier, report }));
    }
  } finally {
    await chrome.kill();
  }
  process.exit(failed ? 1 : 0);
}

await main();
