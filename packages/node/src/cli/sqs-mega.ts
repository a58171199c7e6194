#!/usr/bin/env node
// `sqs-mega` command line (issue #8, in progress).
process.stderr.write('sqs-mega: no commands yet\n');
process.exitCode = 2;
