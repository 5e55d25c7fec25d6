// @ts-check
/**
 * Rewrites the development URLs in manifest.xml for a production build.
 *
 * manifest.xml points every URL at the dev server, DEV_BASE_URL. webpack.config.js (production
 * mode) copies it to dist/manifest.xml through rewriteManifestUrls(), with the base URL taken from
 * the environment variable ADDIN_BASE_URL (default DEFAULT_BASE_URL). test/manifest.test.ts checks
 * that no localhost URL survives.
 *
 * CommonJS, no dependencies: webpack.config.js requires it directly.
 */
"use strict";

const DEV_BASE_URL = "https://localhost:3000/";
const DEFAULT_BASE_URL = "https://mam-workbench.example/";

/**
 * Checks and normalises a production base URL: absolute https, no query or fragment, and
 * ending with "/" (added when missing).
 * @param {string} value
 * @returns {string}
 */
function normaliseBaseUrl(value) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`ADDIN_BASE_URL is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:") {
    throw new Error(
      `ADDIN_BASE_URL must use https (Office loads add-ins only over https): ${value}`
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`ADDIN_BASE_URL must not carry a query, fragment or credentials: ${value}`);
  }
  if (/^(localhost|127\.|\[::1\])/i.test(url.hostname)) {
    throw new Error(
      `ADDIN_BASE_URL must not be a loopback address in a production build: ${value}`
    );
  }
  const href = url.href;
  return href.endsWith("/") ? href : `${href}/`;
}

/**
 * Replaces every occurrence of DEV_BASE_URL in the manifest text with baseUrl, and fails if any
 * localhost reference remains afterwards.
 * @param {string} xml manifest.xml text
 * @param {string} [baseUrl] production base URL, e.g. "https://addins.example.co.uk/mam/"
 * @returns {string}
 */
function rewriteManifestUrls(xml, baseUrl = DEFAULT_BASE_URL) {
  const base = normaliseBaseUrl(baseUrl);
  const out = xml.split(DEV_BASE_URL).join(base);
  const left = out.match(/[a-z]+:\/\/(localhost|127\.0\.0\.1|\[::1\])[^"'<\s]*/i);
  if (left) {
    throw new Error(`manifest still refers to a local address after the rewrite: ${left[0]}`);
  }
  return out;
}

/**
 * The base URL for a production build: $ADDIN_BASE_URL, or DEFAULT_BASE_URL when unset.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
function productionBaseUrl(env = process.env) {
  return normaliseBaseUrl(
    env.ADDIN_BASE_URL && env.ADDIN_BASE_URL.trim() ? env.ADDIN_BASE_URL.trim() : DEFAULT_BASE_URL
  );
}

module.exports = {
  DEV_BASE_URL,
  DEFAULT_BASE_URL,
  normaliseBaseUrl,
  rewriteManifestUrls,
  productionBaseUrl,
};
