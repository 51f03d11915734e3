import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypeScript,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "bench/requests/baseline-authjs/.next/**",
      "bench/requests/baseline-authjs/generated/**",
      "bench/requests/baseline-authjs/next-env.d.ts",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      // Type-only imports are erased at build time, and say so: `import type { X }` or `import { type X }`.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Type-aware rules only where there are types: the TypeScript sources (not the .mjs config files).
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its errors; fire-and-forget must say so with `void`.
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
];

export default config;
