export * from './helmArgs';
export * from './helmError';
export * from './helmRunner';
