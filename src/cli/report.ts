/** A usage failure of the command line (unknown command): printed without a stack trace, exit code 1. */
export class CliError extends Error {}
