export * from './contract.js';
export * from './hooks.js';
