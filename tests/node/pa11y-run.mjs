// Runs pa11y (HTML_CodeSniffer and axe runners, WCAG 2 AA) on pages of a served site, in one
// Debian Chromium (PUPPETEER_EXECUTABLE_PATH, default /usr/bin/chromium): puppeteer never downloads one.
//   node pa11y-run.mjs http://127.0.0.1:8000/sous-chemin/ '' operateurs/ 404.html
// Prints one JSON object: {"<path>": [{"runner", "code", "message", "selector"}…], …} (errors only).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const [base, ...paths] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"],
});
const found = {};
try {
  for (const path of paths) {
    const page = await browser.newPage();
    try {
      const result = await pa11y(base + path, {
        browser, page, runners: ["htmlcs", "axe"], standard: "WCAG2AA",
        viewport: { width: 1280, height: 1024 }, timeout: 60000,
      });
      // axe cannot tell the background of SVG text: it does not paint the shapes and lines beneath it,
      // and reports every label of the build-time diagram (tests/test_diagram.py checks its colours:
      // white on the needs' blue, dark on the operators' cream and on the page, each with a halo).
      // Only that rule, only inside an <svg>; everything else stays an error.
      const svgContrast = (issue) => issue.runner === "axe" && issue.code === "color-contrast" && / svg /.test(` ${issue.selector.replace(/>/g, " ")} `);
      found[path] = result.issues.filter((issue) => issue.type === "error" && !svgContrast(issue)).map((issue) => ({
        runner: issue.runner, code: issue.code, message: issue.message, selector: issue.selector,
      }));
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found, null, 1) + "\n");
