/** Version of the sandbox API and of the SDK bundle it serves; both ship together. */
export const SDK_VERSION = '1.0.0';
