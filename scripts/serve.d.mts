/** Serves `root` (default: the repository) on 127.0.0.1; `files` overrides paths with contents. */
export declare function serve(options?: {
  root?: string;
  port?: number;
  files?: Record<string, string | Uint8Array>;
}): Promise<{ url: string; close: () => Promise<void> }>;
