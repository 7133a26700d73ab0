// The bench's own fatal errors: run.mjs prints the message alone and exits with `code`.

export class BenchExit extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}
