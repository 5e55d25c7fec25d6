// @ts-check
/**
 * Builds the task pane into dist/:
 *   dist/taskpane.html             from src/taskpane/taskpane.html (office.js from the CDN, CSP meta tag)
 *   dist/taskpane.[contenthash].js the React + Fluent UI bundle, entry src/taskpane/index.tsx
 *   dist/assets/                   icons and the support page, copied from assets/
 *   dist/manifest.xml              manifest.xml; in production mode every https://localhost:3000/ URL
 *                                  is replaced by $ADDIN_BASE_URL (scripts/manifestUrls.js)
 *
 *   npm run build        webpack --mode production   (needs no certificates)
 *   npm run build:dev    webpack --mode development
 *   npm run dev-server   webpack serve --mode development: https://localhost:3000 with the
 *                        office-addin-dev-certs localhost certificate (created and trusted on first use)
 *
 * `--env entry=path/to/file.tsx` builds another entry (for experiments and size measurements).
 * The production build fails when the initial JavaScript exceeds BUNDLE_BUDGET_KB (default 300)
 * kilobytes gzipped.
 *
 * End-to-end tests serve dist/ over http://localhost:PORT and intercept the office.js request
 * (Playwright page.route on https://appsforoffice.microsoft.com/**) to supply a fake Office host,
 * so the built HTML keeps the real CDN URL.
 */
"use strict";

const path = require("node:path");
const zlib = require("node:zlib");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const {
  productionBaseUrl,
  rewriteManifestUrls,
  DEV_BASE_URL,
} = require("./scripts/manifestUrls.js");

const DEV_SERVER_PORT = Number(new URL(DEV_BASE_URL).port);
const DEFAULT_BUDGET_KB = 300;

/** Fails the build when the entry's initial JavaScript, gzipped, is larger than the budget. */
class GzipBudgetPlugin {
  /** @param {number} budgetKb */
  constructor(budgetKb) {
    this.budgetKb = budgetKb;
  }

  /** @param {import("webpack").Compiler} compiler */
  apply(compiler) {
    const { Compilation, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("GzipBudgetPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "GzipBudgetPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        (assets) => {
          const logger = compilation.getLogger("GzipBudgetPlugin");
          for (const [name, entrypoint] of compilation.entrypoints) {
            let raw = 0;
            let gzipped = 0;
            for (const file of entrypoint.getFiles()) {
              if (!file.endsWith(".js") || !assets[file]) continue;
              const source = assets[file].buffer();
              raw += source.length;
              gzipped += zlib.gzipSync(source, { level: 9 }).length;
            }
            const kb = (/** @type {number} */ n) => (n / 1024).toFixed(1);
            const line = `${name}: ${kb(raw)} KB JavaScript, ${kb(gzipped)} KB gzipped (budget ${this.budgetKb} KB)`;
            if (gzipped > this.budgetKb * 1024) {
              compilation.errors.push(new WebpackError(`Bundle over budget. ${line}`));
            } else {
              logger.info(line);
            }
          }
        }
      );
    });
  }
}

/**
 * @param {Record<string, string | boolean | undefined>} env  webpack-cli --env values (WEBPACK_SERVE when serving)
 * @param {{ mode?: string }} argv
 * @returns {Promise<import("webpack").Configuration>}
 */
module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);
  if (serving && !dev) {
    throw new Error(
      "Serve the add-in with --mode development (npm run dev-server); production builds are static files."
    );
  }
  const entry =
    typeof env.entry === "string"
      ? path.resolve(env.entry)
      : path.resolve(__dirname, "src/taskpane/index.tsx");
  const baseUrl = dev ? DEV_BASE_URL : productionBaseUrl(process.env);
  const budgetKb = Number(process.env.BUNDLE_BUDGET_KB) || DEFAULT_BUDGET_KB;

  /** @type {import("webpack").Configuration & { devServer?: import("webpack-dev-server").Configuration }} */
  const config = {
    mode: dev ? "development" : "production",
    context: __dirname,
    entry: { taskpane: entry },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: dev ? "[name].js" : "[name].[contenthash].js",
      chunkFilename: dev ? "[name].js" : "[name].[contenthash].js",
      // Relative URLs: the same dist/ works under any base URL and on the e2e harness's http://localhost.
      publicPath: "",
      clean: true,
    },
    // No eval-based source maps: the page's CSP has no 'unsafe-eval'.
    devtool: dev ? "source-map" : false,
    resolve: {
      extensions: [".tsx", ".ts", ".js", ".json"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: path.resolve(__dirname, "tsconfig.webpack.json"),
              onlyCompileBundledFiles: true,
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: path.resolve(__dirname, "src/taskpane/taskpane.html"),
        filename: "taskpane.html",
        chunks: ["taskpane"],
        inject: "head",
        scriptLoading: "defer",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: dev
              ? undefined
              : (content) => rewriteManifestUrls(content.toString("utf8"), baseUrl),
          },
        ],
      }),
      ...(dev ? [] : [new GzipBudgetPlugin(budgetKb)]),
    ],
    // Webpack's own hint measures uncompressed size; GzipBudgetPlugin enforces the real budget.
    performance: { hints: false },
    infrastructureLogging: { level: "info" },
    stats: { preset: "normal", loggingDebug: [], logging: "info" },
  };

  if (serving) {
    // Only `webpack serve` needs the certificate: office-addin-dev-certs creates a localhost
    // certificate and trusts its CA on first use (it may ask for an administrator password).
    const devCerts = require("office-addin-dev-certs");
    const httpsOptions = await devCerts.getHttpsServerOptions();
    config.devServer = {
      port: DEV_SERVER_PORT,
      server: {
        type: "https",
        options: { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert },
      },
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { errors: true, warnings: false } },
    };
  }
  return config;
};
