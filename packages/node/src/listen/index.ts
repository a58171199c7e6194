// The listener (issue #5): filled by the listener work.
export {};
