// @ts-check
/**
 * Lint as Office add-in projects do: typescript-eslint, the React hooks rules, the Office add-ins
 * rules (load before read, no context.sync() in loops…) and Prettier (its config is Microsoft's
 * office-addin-prettier-config, named in package.json). `npm run lint`, and CI runs it.
 *
 * The office-addins plugin's own presets also pull in React Native and older typescript-eslint
 * settings, so only its rules are taken here, at the severities of its "recommended" preset.
 */
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import officeAddins from "eslint-plugin-office-addins";
import prettier from "eslint-plugin-prettier";
import prettierOff from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "dist/",
      "out/",
      "coverage/",
      "test-results/",
      "bench/tmp/",
      "test/e2e/.build/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierOff,
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    plugins: { "office-addins": officeAddins, prettier },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        ...globals.node,
        ...globals.browser,
        ...globals.jest,
        Office: "readonly",
        Excel: "readonly",
      },
    },
    rules: {
      "prettier/prettier": ["error", { endOfLine: "auto" }],
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "error",
      "office-addins/no-empty-load": "error",
      "office-addins/no-navigational-load": "error",
      "office-addins/no-office-initialize": "error",
      "office-addins/test-for-null-using-isNullObject": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-console": "error",
      eqeqeq: ["error", "always"],
      "max-len": [
        "error",
        {
          code: 140,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
        },
      ],
    },
  },
  {
    files: ["**/*.tsx", "src/taskpane/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // CommonJS files (the mam launcher, scripts, configs) use require by design.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Command-line programs talk on the console.
    files: ["src/cli/**", "scripts/**", "bench/**", "bin/**", "test/e2e/buildFakeHost.ts"],
    rules: { "no-console": "off" },
  },
  {
    // Tests match terminal escape codes and NUL bytes on purpose.
    files: ["test/**"],
    rules: { "no-control-regex": "off" },
  },
  {
    // These tests check that the fake Excel rejects what real Excel rejects (a read before load or
    // sync), so they break the Office rules on purpose.
    files: ["test/fakeExcel.test.ts", "test/host/fakeExtensions.test.ts"],
    rules: {
      "office-addins/call-sync-after-load": "off",
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
      "office-addins/no-context-sync-in-loop": "off",
      "office-addins/no-office-initialize": "off",
    },
  }
);
