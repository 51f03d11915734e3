import path from "node:path";
import type { NextConfig } from "next";

// Built from the main project's node_modules (next, next-auth, @auth/prisma-adapter, prisma).
const repositoryRoot = path.join(import.meta.dirname, "..", "..", "..");

const nextConfig: NextConfig = {
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
};

export default nextConfig;
