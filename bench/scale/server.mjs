// Bench section 8's long-running program: a loopback HTTP server whose handler does a
// little real work per request (parse a JSON body of numbers, summarise it, answer JSON).
// Prints its port and pid on one JSON line, then serves until SIGTERM.
import http from 'node:http';

function summarise(values) {
  let sum = 0;
  let max = -Infinity;
  for (const value of values) {
    sum += value;
    if (value > max) max = value;
  }
  return { count: values.length, mean: sum / values.length, max };
}

function handle(body) {
  const { values } = JSON.parse(body);
  return JSON.stringify(summarise(values));
}

const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(handle(body));
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, pid: process.pid })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
