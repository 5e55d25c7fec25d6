/** Types for scripts/manifestUrls.js (CommonJS, required by webpack.config.js). */
export declare const DEV_BASE_URL: "https://localhost:3000/";
export declare const DEFAULT_BASE_URL: string;
export declare function normaliseBaseUrl(value: string): string;
export declare function rewriteManifestUrls(xml: string, baseUrl?: string): string;
export declare function productionBaseUrl(env?: NodeJS.ProcessEnv): string;
