import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypeScript,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "bench/requests/baseline-authjs/.next/**", "bench/requests/baseline-authjs/generated/**", "bench/requests/baseline-authjs/next-env.d.ts", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
