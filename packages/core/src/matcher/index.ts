// Filled by the matcher work (issue #4).
export {};
