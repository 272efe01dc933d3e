import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Committed render cache: one `<key>.svg` per rendered variant (see hashDiagram). */
export const defaultCacheDirectory = fileURLToPath(new URL("./cache/", import.meta.url));

const extension = ".svg";

export function readCachedSvg(key: string, directory = defaultCacheDirectory): string | undefined {
  try {
    return readFileSync(`${directory}/${key}${extension}`, "utf8");
  } catch {
    return undefined;
  }
}

export function writeCachedSvg(key: string, svg: string, directory = defaultCacheDirectory): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(`${directory}/${key}${extension}`, `${svg}\n`);
}

export function listCachedKeys(directory = defaultCacheDirectory): string[] {
  try {
    return readdirSync(directory)
      .filter((name) => name.endsWith(extension))
      .map((name) => name.slice(0, -extension.length))
      .sort();
  } catch {
    return [];
  }
}

export function deleteCachedSvg(key: string, directory = defaultCacheDirectory): void {
  rmSync(`${directory}/${key}${extension}`, { force: true });
}
