/** Comparing runs: the table, its columns, sorting, filtering, grouping, correlations and exports. */

export * from './table';
export * from './columns';
export * from './sort';
export * from './filter';
export * from './group';
export * from './correlation';
export * from './brush';
export * from './plotScale';
export * from './export';
