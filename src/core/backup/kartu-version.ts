/**
 * The version written into backup manifests (package.json's). Informational: whether a backup can
 * be restored is decided by its migrations, which are exact.
 */
export const KARTU_VERSION = '0.1.0';
