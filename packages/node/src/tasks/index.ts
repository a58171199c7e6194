// Task-queue face of the library (issue #8, in progress).
export {};
