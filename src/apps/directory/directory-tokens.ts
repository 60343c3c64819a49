/** The directory component's own bindings (its index, not the cell's SERIES_FINDER, answers its requests). */
export const DIRECTORY_INDEX_FINDER = Symbol('DirectoryIndexFinder');
export const DIRECTORY_RUNNER = Symbol('DirectoryRunner');
