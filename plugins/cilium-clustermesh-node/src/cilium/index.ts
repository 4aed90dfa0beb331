export * from './valuesSchemas';
export * from './ciliumRelease';
export * from './meshCa';
export * from './clustermeshApiserver';
export * from './globalServices';
