// The publishers (issue #5): filled by the publisher work.
export {};
